// A Node-RED function with several outputs: the privacy rule reads the code again (does the text it builds hold the
// e-mail as written?) only where the code read what leaves by the output wired to the request (the code reader places
// each reference where the code read it, and keeps what each output sends). A log line on another output, wired to a
// debug node, is no part of what the request sends. Where the reader cannot split the outputs, or a field is read at
// several places, every reference of the code to the field is tried, as before.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedPrompt } from '../../../helpers/privacy.js';

const RULE = 'privacy/sensitive-data-to-third-party';
const { flow, reported, DOMAIN, WHOLE } = nodeRedPrompt;

const cases: FlowCase[] = [
  // Output 1 (the request) sends the e-mail as written, output 2 (the log) only its domain.
  { name: 'the e-mail whole on output 1, its domain on output 2', text: flow(`const log = { payload: ${DOMAIN} };\nmsg.payload = ${WHOLE};\nreturn [msg, log];`), expected: reported },
  { name: 'the domain on output 1, the e-mail whole on output 2 (wired to the request too)', text: flow(`const log = { payload: "New lead " + msg.payload.email };\nmsg.payload = ${DOMAIN};\nreturn [msg, log];`, 2, [['r'], ['r', 'd']]), expected: reported },
  // node.send([...]) places its messages on the outputs as a returned array does.
  { name: 'node.send([log, msg]) with the domain on output 2 (the debug node), the e-mail whole on output 1', text: flow(`node.send([{ payload: ${WHOLE} }, { payload: ${DOMAIN} }]);`), expected: reported },
  { name: 'node.send([msg, log]) with the e-mail whole only in the log on output 2', text: flow(`const log = { payload: "New lead " + msg.payload.email };\nmsg.payload = ${DOMAIN};\nnode.send([msg, log]);`), expected: [] },
  { name: 'node.send([null, log]), then the domain returned on output 1', text: flow(`node.send([null, { payload: "New lead " + msg.payload.email }]);\nmsg.payload = ${DOMAIN};\nreturn [msg, null];`), expected: [] },
  // Read at several places on the output (the domain, and the e-mail as written): every read is tried.
  { name: 'the domain and the e-mail as written in one prompt on output 1', text: flow('msg.payload = { prompt: "At " + msg.payload.email.split("@")[1] + ", write to " + msg.payload.email };\nreturn [msg, null];'), expected: reported },
  // Where the reader cannot split the outputs, what any output sends counts for each.
  { name: 'an array built in a variable (the log line counts for output 1)', text: flow(`const out = [null, null];\nout[1] = { payload: "New lead " + msg.payload.email };\nmsg.payload = ${DOMAIN};\nout[0] = msg;\nreturn out;`), expected: reported },
  // One output: both messages go on it (unchanged).
  { name: 'one output: the log line returned beside the prompt', text: flow(`const log = { payload: "New lead " + msg.payload.email };\nmsg.payload = ${DOMAIN};\nreturn [msg, log];`, 1), expected: reported },
  { name: 'one output: the e-mail as written', text: flow(`msg.payload = ${WHOLE};\nreturn msg;`, 1), expected: reported },
  { name: 'one output: only the domain', text: flow(`msg.payload = ${DOMAIN};\nreturn msg;`, 1), expected: [] },
  // The place is where the code read the field, through a local too.
  { name: 'one output: the e-mail read through a local (p.email) into the prompt', text: flow('const p = msg.payload;\nmsg.payload = { prompt: "Write a welcome note to " + p.email };\nreturn msg;', 1), expected: reported },
];

describe('privacy/sensitive-data-to-third-party: a Node-RED function sends each output its own text', () => runFlowTable(RULE, cases));
