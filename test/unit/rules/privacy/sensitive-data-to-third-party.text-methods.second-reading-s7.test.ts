// A second reading of text methods with arguments around a name (operands.ts operandSpan): `p.replace(…)`,
// `p.padEnd(…)`, `p.concat(…)` keep the text, whatever their arguments hold (a `)` or a quote inside a regular
// expression, a nested call); a part of the text read after them (`.split("@")[1]`, `.length`) is not the text, and
// neither is a replace that cuts the e-mail at its `@` (to the domain, to the name) or masks it (`"*"`).
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { lead, nodeRedPrompt } from '../../../helpers/privacy.js';

const RULE = 'privacy/sensitive-data-to-third-party';
const { flow, reported } = nodeRedPrompt;
const LINE = 'const line = "New lead " + msg.payload.email;\n';
/** One output wired to the request only, the prompt being `prompt`. */
const prompt = (expr: string) => flow(`${LINE}msg.payload = { prompt: ${expr} };\nreturn msg;`, 1, [['r']]);

const openAi = (content: string) => ({ name: 'Summarise', type: '@n8n/n8n-nodes-langchain.openAi', parameters: { resource: 'text', messages: { values: [{ content }] } } });
const setPrompt = (value: string) => ({ name: 'Build prompt', type: 'set', parameters: { assignments: { assignments: [{ name: 'prompt', type: 'string', value }] } } });
/** n8n: a Set step fills `value` into a prompt, sent to OpenAI. */
const n8nPrompt = (value: string) => n8nFlow([lead, setPrompt(value), openAi('={{ $json.prompt }}')], [['Lead', 'Build prompt'], ['Build prompt', 'Summarise']]);
const n8nReported = [{ covers: '$json.prompt', message: /sends email \(contact details\)/ }];

const sent: FlowCase[] = [
  { name: 'Node-RED: a ")" replaced by a regular expression', text: prompt('line.replace(/\\)/g, "")'), expected: reported },
  { name: 'Node-RED: a quote replaced by a regular expression', text: prompt('line.replace(/"/g, "\'")'), expected: reported },
  { name: 'Node-RED: a ")" replaced by a string', text: prompt('line.replace(")", "")'), expected: reported },
  { name: 'Node-RED: a replacement given by a nested call', text: prompt('line.replace(/\\s+/g, String(" ")).trim()'), expected: reported },
  { name: 'Node-RED: the @ spelt out (replace("@", " at "))', text: prompt('line.replace("@", " at ")'), expected: reported },
  { name: 'Node-RED: every @ spelt out (replaceAll)', text: prompt('line.replaceAll("@", " [at] ")'), expected: reported },
  { name: 'Node-RED: text appended by concat after the name', text: prompt('line.concat(" thanks")'), expected: reported },
  { name: 'Node-RED: concat around the name, then concat after it', text: prompt('"Lead: ".concat(line).concat(" thanks")'), expected: reported },
  { name: 'Node-RED: normalized, then joined with +', text: prompt('"Lead: " + line.normalize("NFC")'), expected: reported },
  { name: 'Node-RED: each line made a list item ("* ", not a mask)', text: prompt('line.replace(/^/gm, "* ")'), expected: reported },
  { name: 'n8n: the @ spelt out in a Set step', text: n8nPrompt("={{ $json.body.email.replace('@', ' at ') }}"), expected: n8nReported },
  { name: 'n8n: a ")" taken out by a regular expression in a Set step', text: n8nPrompt("=Customer {{ $json.body.email.replace(/\\)/g, '') }} asked"), expected: n8nReported },
  { name: 'n8n: padded in a Set step', text: n8nPrompt("=Customer {{ $json.body.email.padEnd(40, '.') }}"), expected: n8nReported },
];

const quiet: FlowCase[] = [
  { name: 'Node-RED: the domain of the line with its line breaks replaced', text: prompt('line.replace(/\\n/g, " ").split("@")[1]'), expected: [] },
  { name: 'Node-RED: the length of the line with a ")" replaced', text: prompt('"n=" + line.replace(/\\)/g, "").length'), expected: [] },
  { name: 'Node-RED: the line cut to its domain by replace', text: prompt('line.replace(/.*@/, "")'), expected: [] },
  { name: 'Node-RED: the line cut to its name by replace', text: prompt('line.replace(/@.*$/, "")'), expected: [] },
  { name: 'Node-RED: the name of the e-mail masked by replace', text: prompt('line.replace(/(?<=.).(?=[^@]*@)/g, "*")'), expected: [] },
  { name: 'Node-RED: the e-mail masked by replace with groups', text: prompt('line.replace(/^(.).*(@.*)$/, "$1***$2")'), expected: [] },
  { name: 'Node-RED: the domain taken off by a string (replace("@acme.com", ""))', text: prompt('line.replace("@acme.com", "")'), expected: [] },
  { name: 'Node-RED: the e-mail masked with X but its @ and dots', text: prompt('line.replace(/[^@.]/g, "X")'), expected: [] },
  { name: 'n8n: the e-mail cut to its domain by replace in a Set step', text: n8nPrompt("=Company: {{ $json.body.email.replace(/.*@/, '') }}"), expected: [] },
  { name: 'n8n: the e-mail cut to its domain by replace, then lower-cased, in a Set step', text: n8nPrompt("={{ $json.body.email.replace(/^[^@]+@/, '').toLowerCase() }}"), expected: [] },
];

describe('privacy/sensitive-data-to-third-party: text methods with arguments, second reading', () => {
  describe('the text kept', () => runFlowTable(RULE, sent));
  describe('a part of the text, or the text masked', () => runFlowTable(RULE, quiet));
});
