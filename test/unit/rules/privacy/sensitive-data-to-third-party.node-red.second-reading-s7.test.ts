// A second reading of the names a Node-RED function's text goes by (codeNames.ts namedAndRead, chained): the name the
// e-mail's text is sent by on the output wired to the request must be found however the code passes the text on. A
// field of an object holding the text (`prompt: extra.note`, `extra.payload = { prompt: extra.note }` copied key by key
// into the message), text appended (`p += line`), and a text that goes by more names than are followed (past the cap
// it counts) are reported. Before, each was quiet when the only other name of the text was on another output (a log
// line), or when the for…in reader knew the keys. A text function around a name (`prompt: p.trim()`) keeps the text,
// and `line += msg.payload.email` builds it; a key of an object sent only on another output (`const log = { payload: line }`
// with `return [msg, log]`) is no name of what output 1 sends, unless the object may reach output 1 too (spread into
// the message, given in a chained assignment, an inner function's array, code past what is read). The names are found in linear time: a long run of letters
// (a base64 text in the code) made each of the up to eight scans quadratic.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedPrompt } from '../../../helpers/privacy.js';

const RULE = 'privacy/sensitive-data-to-third-party';
const { flow, reported, DOMAIN } = nodeRedPrompt;
/** A line holding the e-mail as written, a log line on output 2 holding it, and a note in an object the code builds. */
const LINE = 'const line = "New lead " + msg.payload.email;\n';
const LOG = 'const log = { payload: line };\n';
const NOTE = 'const extra = { note: "New lead " + msg.payload.email };\n';
/** Nine texts each built from the one before, the last in the prompt. */
const NINE = Array.from({ length: 9 }, (_, i) => `const a${i + 1} = "A " + ${i ? `a${i}` : 'line'};\n`).join('');
/** Eight copies of the line (aliases), which fill the names followed. */
const EIGHT = Array.from({ length: 8 }, (_, i) => `const x${i + 1} = line;\n`).join('');
/** One output wired to the request only. */
const one = (code: string) => flow(code, 1, [['r']]);

const sent: FlowCase[] = [
  // A field of an object holding the text.
  { name: 'a note (a field of an object the code built) in the prompt', text: one(`${NOTE}msg.payload = { prompt: extra.note };\nreturn msg;`), expected: reported },
  { name: 'a note in the prompt on output 1 and in a log line on output 2', text: flow(`${NOTE}const log = { payload: extra.note };\nmsg.payload = { prompt: extra.note };\nreturn [msg, log];`), expected: reported },
  { name: 'a note given to the payload whole', text: one(`${NOTE}msg.payload = extra.note;\nreturn msg;`), expected: reported },
  { name: 'the payload added to an object before its keys are copied (for…in)', text: one(`${NOTE}extra.payload = { prompt: extra.note };\nfor (const k in extra) msg[k] = extra[k];\nreturn msg;`), expected: reported },
  { name: 'the payload added through an alias of the object before its keys are copied (for…in)', text: one(`${NOTE}const al = extra;\nal.payload = { prompt: extra.note };\nfor (const k in extra) msg[k] = extra[k];\nreturn msg;`), expected: reported },
  { name: 'the payload added to an object then copied by Object.assign', text: one(`${NOTE}extra.payload = { prompt: extra.note };\nObject.assign(msg, extra);\nreturn msg;`), expected: reported },
  // Text appended.
  { name: 'a line appended to the prompt (+=), the line logged on output 2', text: flow(`${LINE}${LOG}let p = "Lead: ";\np += line;\nmsg.payload = { prompt: p };\nreturn [msg, log];`), expected: reported },
  { name: 'one output: a line appended to the prompt (+=)', text: one(`${LINE}let p = "Lead: ";\np += line;\nmsg.payload = { prompt: p };\nreturn msg;`), expected: reported },
  // Past the names followed, the text counts.
  { name: 'a line built into nine texts in turn, the last in the prompt', text: one(`${LINE}${NINE}msg.payload = { prompt: "Lead: " + a9 };\nreturn msg;`), expected: reported },
  { name: 'a line built into nine texts in turn, logged on output 2', text: flow(`${LINE}${LOG}${NINE}msg.payload = { prompt: "Lead: " + a9 };\nreturn [msg, log];`), expected: reported },
  { name: 'a line with eight aliases, then in the prompt', text: one(`${LINE}${EIGHT}msg.payload = { prompt: "Lead: " + line };\nreturn msg;`), expected: reported },
  { name: 'a line with eight aliases, then in the prompt, logged on output 2', text: flow(`${LINE}${LOG}${EIGHT}msg.payload = { prompt: "Lead: " + line };\nreturn [msg, log];`), expected: reported },
  // Text built by a call.
  {
    name: 'a line joined to the prompt by concat, logged on output 2',
    text: flow(`${LINE}${LOG}const p = "Lead: ".concat(line);\nmsg.payload = { prompt: p };\nreturn [msg, log];`),
    expected: reported,
  },
  {
    name: 'a line joined to the prompt by [ … ].join, logged on output 2',
    text: flow(`${LINE}${LOG}const p = ["Lead:", line].join(" ");\nmsg.payload = { prompt: p };\nreturn [msg, log];`),
    expected: reported,
  },
  // A key of an object sent on the output wired to the request, or used otherwise, still names the text.
  { name: 'the log object (payload: line) sent on output 1, wired to the request', text: flow(`${LINE}${LOG}msg.payload = "The line has " + line.length;\nreturn [log, msg];`), expected: reported },
  { name: 'the log object sent on output 2, its payload copied into the message', text: flow(`${LINE}${LOG}msg.payload = log.payload;\nreturn [msg, log];`), expected: reported },
  { name: 'the log object sent on output 2, and returned alone elsewhere (output 1)', text: flow(`${LINE}${LOG}if (!msg.topic) return log;\nmsg.payload = "The line has " + line.length;\nreturn [msg, log];`), expected: reported },
  { name: 'the message given the line through an alias, also sent on output 2', text: flow(`${LINE}const log = msg;\nlog.payload = line;\nreturn [msg, log];`), expected: reported },
  // Third reading: the log object reaching output 1 by a use the reader must not take for giving it a value.
  { name: 'the log object (output 2) spread into the message', text: flow(`${LINE}${LOG}msg = { ...msg, ...log };\nreturn [msg, log];`), expected: reported },
  { name: 'the line given to the log\'s payload and the message\'s in one chained assignment', text: flow(`${LINE}const log = {};\nmsg.payload = log.payload = line;\nreturn [msg, log];`), expected: reported },
  { name: 'the log object given in a chained assignment, the other variable sent on output 1', text: flow(`${LINE}var log = {};\nconst out = log = { payload: line };\nreturn [out, log];`), expected: reported },
  { name: 'a variable at output 2 of an inner arrow function\'s returned array', text: flow(`${LINE}const pick = () => { const log = { payload: line }; return [0, log]; };\nmsg.payload = pick()[1].payload;\nreturn [msg, null];`), expected: reported },
  { name: 'a variable at output 2 of an inner function\'s returned array', text: flow(`${LINE}function pick() { const log = { payload: line }; return [0, log]; }\nmsg.payload = pick()[1].payload;\nreturn [msg, null];`), expected: reported },
  {
    name: 'code over 20,000 characters: the log object sent on output 2 first, then on output 1 past what is read',
    text: flow(`const log = { payload: "New lead " + msg.payload.email };\nnode.send([null, log]);\n// ${'x'.repeat(20_500)}\nreturn [log, null];`),
    expected: reported,
  },
  { name: 'one output: a line joined by concat to text held in a variable', text: one(`${LINE}const head = "Lead: ";\nconst p = head.concat(" ", line);\nmsg.payload = { prompt: p };\nreturn msg;`), expected: reported },
  { name: 'one output: a line joined by concat to a call\'s result', text: one(`${LINE}const p = String(msg.topic).concat(line);\nmsg.payload = { prompt: p };\nreturn msg;`), expected: reported },
  { name: 'one output: a line in an array joined, the array on lines of its own', text: one(`${LINE}const p = [\n  "Lead:",\n  line,\n].join("\\n");\nmsg.payload = { prompt: p };\nreturn msg;`), expected: reported },
  // A text function around a name, and text appended to (`+=`).
  {
    name: 'one output: a prompt built from the line, trimmed where it is sent',
    text: one(`${LINE}const p = "Lead: " + line;\nmsg.payload = { prompt: p.trim() };\nreturn msg;`),
    expected: reported,
  },
  { name: 'a prompt built from the line, lower-cased where it is sent, the line logged on output 2', text: flow(`${LINE}${LOG}const p = "Lead: " + line;\nmsg.payload = { prompt: p.toLowerCase() };\nreturn [msg, log];`), expected: reported },
  { name: 'the line given to String() and trimmed where it is sent, logged on output 2', text: flow(`${LINE}${LOG}msg.payload = { prompt: String(line).trim() };\nreturn [msg, log];`), expected: reported },
  { name: 'the line trimmed and joined by concat, logged on output 2', text: flow(`${LINE}${LOG}const p = "Lead: ".concat(line.trim());\nmsg.payload = { prompt: p };\nreturn [msg, log];`), expected: reported },
  {
    name: 'the e-mail appended to a line (line += …) then in the prompt',
    text: one(`let line = "New lead ";\nline += msg.payload.email;\nmsg.payload = { prompt: "Lead: " + line };\nreturn msg;`),
    expected: reported,
  },
  { name: 'the e-mail appended to a line (line += …) then in the prompt, the line logged on output 2', text: flow(`let line = "New lead ";\nline += msg.payload.email;\n${LOG}msg.payload = { prompt: line };\nreturn [msg, log];`), expected: reported },
  { name: 'the e-mail trimmed and appended after another text (line += a + …)', text: one(`let line = "";\nconst a = msg.topic;\nline += a + msg.payload.email.trim();\nmsg.payload = { prompt: line };\nreturn msg;`), expected: reported },
  { name: 'the e-mail appended to the prompt property itself (msg.payload.prompt += …)', text: one(`msg.payload.prompt = "Lead: ";\nmsg.payload.prompt += msg.payload.email;\nreturn msg;`), expected: reported },
  {
    name: 'one output: a prompt built from the line, its line breaks replaced where it is sent',
    text: one(`${LINE}const p = "Lead: " + line;\nmsg.payload = { prompt: p.replace(/\\n/g, " ") };\nreturn msg;`),
    expected: reported,
  },
  { name: 'one output: a prompt built from the line, padded where it is sent', text: one(`${LINE}msg.payload = { prompt: line.padEnd(80, ".") };\nreturn msg;`), expected: reported },
  { name: 'one output: the line with its spaces replaced by a function, then trimmed', text: one(`${LINE}msg.payload = { prompt: line.replace(/\\s+/g, (m) => " ").trim() };\nreturn msg;`), expected: reported },
  { name: 'one output: the length of the line with its line breaks replaced', text: one(`${LINE}msg.payload = { prompt: "n=" + line.replace(/\\n/g, " ").length };\nreturn msg;`), expected: [] },
  // An append as an interpolation (`${a += x}`): the template holds what the name becomes.
  { name: 'one output: the e-mail appended inside a template literal (`${a += …}`)', text: one('let a = "";\nmsg.payload = { prompt: `x ${a += msg.payload.email}` };\nreturn msg;'), expected: reported },
  { name: 'one output: the e-mail appended after a text inside a template literal (`${a += "Lead " + …}`)', text: one('let a = "";\nmsg.payload = { prompt: `x ${ a += "Lead " + msg.payload.email.trim() }` };\nreturn msg;'), expected: reported },
  { name: 'one output: a line appended inside a template literal (`${p += line}`)', text: one(`${LINE}let p = "";\nmsg.payload = { prompt: \`x \${p += line}\` };\nreturn msg;`), expected: reported },
  // A quote a backslash escapes, inside a concat's arguments or its receiver, ends no text (read-through of this stop).
  { name: 'one output: the line joined by concat after an argument holding an escaped quote', text: one(`${LINE}const head = "Lead: ";\nconst p = head.concat("say \\" ", line);\nmsg.payload = { prompt: p };\nreturn msg;`), expected: reported },
  { name: 'one output: the line joined by concat to a text holding an escaped quote', text: one(`${LINE}const p = "say \\" ".concat(line);\nmsg.payload = { prompt: p };\nreturn msg;`), expected: reported },
];

const quiet: FlowCase[] = [
  // A name reused in another scope does not carry the line into text.
  { name: 'the line shadowed in a helper that builds text, its length in the prompt', text: flow(`${LINE}${LOG}function f() {\n  const line = "x";\n  return "Lead: " + line;\n}\nmsg.payload = { prompt: f() + line.length };\nreturn [msg, log];`), expected: [] },
  { name: 'the length of a line joined by concat in the prompt', text: flow(`${LINE}${LOG}const n = "Lead: ".concat(line).length;\nmsg.payload = { prompt: "Length " + n };\nreturn [msg, log];`), expected: [] },
  { name: 'the count of lines joined in the prompt', text: flow(`${LINE}${LOG}const n = [line, "x"].join(" ").length;\nmsg.payload = { prompt: "Length " + n };\nreturn [msg, log];`), expected: [] },
  { name: 'a line given to a call other than concat or join', text: flow(`${LINE}${LOG}const n = count(line);\nmsg.payload = { prompt: "Count " + n };\nreturn [msg, log];`), expected: [] },
  {
    name: 'the length of a log line (on output 2) given to the payload whole on output 1',
    text: flow(`${LINE}${LOG}msg.payload = "The line has " + line.length + " characters";\nreturn [msg, log];`),
    expected: [],
  },
  { name: 'the length of a log line (given as a property, on output 2) in the payload on output 1', text: flow(`${LINE}const log = {};\nlog.payload = line;\nmsg.payload = "The line has " + line.length;\nreturn [msg, log];`), expected: [] },
  { name: 'the length of a log line (sent by node.send on output 2) in the payload on output 1', text: flow(`${LINE}${LOG}node.send([null, log]);\nmsg.payload = "The line has " + line.length;\nreturn [msg, null];`), expected: [] },
  // A text function keeps the text; a part of it, a count or a position is not it.
  { name: 'the domain of a line in the prompt, the line logged on output 2', text: flow(`${LINE}${LOG}msg.payload = { prompt: line.split("@")[1] };\nreturn [msg, log];`), expected: [] },
  { name: 'the position of the @ in a line in the prompt, the line logged on output 2', text: flow(`${LINE}${LOG}msg.payload = { prompt: line.indexOf("@") };\nreturn [msg, log];`), expected: [] },
  { name: 'the length of a trimmed line in the prompt, the line logged on output 2', text: flow(`${LINE}${LOG}const n = line.trim().length;\nmsg.payload = { prompt: "Length " + n };\nreturn [msg, log];`), expected: [] },
  // `+=` of a number, or of a part of the e-mail, is not its text.
  { name: 'the length of the e-mail added to a count (n += ….length)', text: one(`let n = 0;\nn += msg.payload.email.length;\nmsg.payload = { prompt: "Length " + n };\nreturn msg;`), expected: [] },
  { name: 'the domain of the e-mail appended to a line (line += ….split("@")[1])', text: one(`let line = "Domain ";\nline += msg.payload.email.split("@")[1];\nmsg.payload = { prompt: line };\nreturn msg;`), expected: [] },
  { name: 'the length of the e-mail added to a count inside a template literal (`${n += ….length}`)', text: one('let n = 0;\nmsg.payload = { prompt: `x ${n += msg.payload.email.length}` };\nreturn msg;'), expected: [] },
  { name: 'the e-mail appended to a name inside a template literal, only the length of the text in the prompt', text: one('let a = "";\nconst t = `x ${a += msg.payload.email}`;\nmsg.payload = { prompt: "Length " + t.length };\nreturn msg;'), expected: [] },
  { name: 'a comparison with the e-mail appended to a name inside a template literal (`${a += … === "b"}`)', text: one('let a = "";\nmsg.payload = { prompt: `x ${a += msg.payload.email === "b"}` };\nreturn msg;'), expected: [] },
  { name: 'the e-mail appended to a line, only the length of the line in the prompt', text: one(`let line = "New lead ";\nline += msg.payload.email;\nmsg.payload = { prompt: "Length " + line.length };\nreturn msg;`), expected: [] },
  { name: 'a note copied key by key (for…in, some skipped), the payload then set to the domain', text: one(`${NOTE}for (const k in extra) {\n  if (!k) continue;\n  msg[k] = extra[k];\n}\nmsg.payload = ${DOMAIN};\nreturn msg;`), expected: [] },
];

describe('privacy/sensitive-data-to-third-party: the names of a Node-RED function\'s text, second reading', () => {
  describe('the e-mail as written, by whatever name, on the output wired to the request', () => runFlowTable(RULE, sent));
  describe('names that do not carry the e-mail', () => runFlowTable(RULE, quiet));
});

describe('privacy/sensitive-data-to-third-party: the names of a Node-RED function\'s text, in linear time', () => {
  /** Ten lines holding the e-mail, each built into six texts, only their lengths in the prompt, beside a text of `n` letters. */
  const code = (n: number) =>
    `const s = "${'A'.repeat(n)}";\n` +
    Array.from({ length: 10 }, (_, i) => `const l${i} = "New lead " + msg.payload.email;\n${Array.from({ length: 6 }, (_, j) => `const a${i}_${j} = "A " + l${i};\n`).join('')}`).join('') +
    `msg.payload = { prompt: ${Array.from({ length: 10 }, (_, i) => `l${i}.length`).join(' + ')} };\nreturn msg;`;
  it('reads a function with a long text in about linear time', () => {
    const time = (n: number) => {
      const text = one(code(n));
      const t0 = performance.now();
      assert.equal(flowFindings(RULE, { text }).length, 0);
      return performance.now() - t0;
    };
    time(1_000); // warm up
    const small = time(2_000);
    const big = time(16_000);
    assert.ok(big < small * 20 + 300, `2,000 letters: ${small.toFixed(0)} ms, 16,000 letters: ${big.toFixed(0)} ms`);
  });
});
