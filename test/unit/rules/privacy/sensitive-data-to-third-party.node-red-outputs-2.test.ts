// A second reading of a Node-RED function's outputs (node-red-outputs): the e-mail put into text as written must still be
// reported on the output wired to the request, whatever way the code sends it (a loop, a callback, a clone, a returned
// `null`, link nodes, both outputs to one request), and a log line on another output must stay out of it. A field read
// through a local at several places (`p.email` in text, `p.email.split("@")[1]` beside it) keeps each place, so the one
// in text counts. Cases the reader or the model cannot yet tell apart are todo, with what is wrong and where.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';
import { nodeRedPrompt } from '../../../helpers/privacy.js';

const RULE = 'privacy/sensitive-data-to-third-party';
const { tab, signup, fn, openAi, debug, flow, reported, DOMAIN, WHOLE } = nodeRedPrompt;
/** The domain on output 1, the e-mail as written in a log line on output 2. */
const LOG2 = `const log = { payload: "New lead " + msg.payload.email };\nmsg.payload = ${DOMAIN};\nreturn [msg, log];`;
/** A log line holding the e-mail as written, and a note holding it in an object the code builds. */
const LINE = 'const line = "New lead " + msg.payload.email;\n';
const NOTE = 'const extra = { note: "New lead " + msg.payload.email };\n';


// The e-mail as written on output 1 stays reported.
const wholeOnOutput1: FlowCase[] = [
  { name: 'the e-mail whole on output 1 sent by node.send in a loop', text: flow(`for (const k of [1, 2]) {\n  node.send([{ payload: ${WHOLE} }, null]);\n}\nreturn null;`), expected: reported },
  { name: 'the e-mail whole on output 1 sent by node.send in a timer callback', text: flow(`setTimeout(() => {\n  node.send([{ payload: ${WHOLE} }, null]);\n}, 5);\nreturn null;`), expected: reported },
  { name: 'the e-mail whole on output 1 after a `return null` branch', text: flow(`if (!msg.payload.email) {\n  return null;\n}\nmsg.payload = ${WHOLE};\nreturn [msg, null];`), expected: reported },
  { name: 'a log line returned on output 1 in one branch (wired to the request)', text: flow(`if (msg.ok) {\n  return [{ payload: "New lead " + msg.payload.email }, null];\n}\nmsg.payload = ${DOMAIN};\nreturn [null, msg];`), expected: reported },
  { name: 'the e-mail whole in a clone (RED.util.cloneMessage) on output 1', text: flow(`const c = RED.util.cloneMessage(msg);\nc.payload = { prompt: "Hi " + c.payload.email };\nmsg.payload = ${DOMAIN};\nreturn [c, msg];`), expected: reported },
  { name: 'the e-mail whole read from a clone into the prompt on output 1', text: flow(`const c = RED.util.cloneMessage(msg);\nmsg.payload = { prompt: "Hi " + c.payload.email };\nreturn [msg, null];`), expected: reported },
  { name: 'the log line on output 2 when both outputs are wired to the request', text: flow(LOG2, 2, [['r'], ['r']]), expected: reported },
  { name: 'the log line on output 2 wired through a change node to the request', text: nodeRedFlow(tab, signup, fn(LOG2, 2, [['r'], ['x', 'd']]), { id: 'x', type: 'change', z: 't1', name: 'Tag', rules: [{ t: 'set', p: 'topic', pt: 'msg', to: 'a', tot: 'str' }], wires: [['r']] }, openAi, debug), expected: reported },
  {
    name: 'the log line on output 2 sent through link nodes to the request',
    text: nodeRedFlow(tab, signup, fn(LOG2, 2, [['d'], ['lo']]), { id: 'lo', type: 'link out', z: 't1', name: 'to ask', links: ['li'], wires: [] }, { id: 'li', type: 'link in', z: 't1', name: 'ask', links: ['lo'], wires: [['r']] }, openAi, debug),
    expected: reported,
  },
  // A local read at several places: the place in text is one of them.
  { name: 'the e-mail read through a local into text and, beside it, its domain (p.email twice)', text: flow('const p = msg.payload;\nmsg.payload = { prompt: "Hi " + p.email + " at " + p.email.split("@")[1] };\nreturn [msg, null];'), expected: reported },
  { name: 'one output: the e-mail read through a local into text and its domain', text: flow('const p = msg.payload;\nmsg.payload = { prompt: "Hi " + p.email + " at " + p.email.split("@")[1] };\nreturn msg;', 1), expected: reported },
  // The reader does not say in which field the message holds the text (a write at `''`): the text's name is no guide.
  {
    name: 'the e-mail whole on an output chosen by a variable index (out[i])',
    text: flow(`const i = msg.ok ? 0 : 1;\nconst out = [null, null];\nout[i] = { payload: ${WHOLE} };\nreturn out;`),
    expected: reported,
  },
  {
    name: 'the e-mail whole sent by node.send in a promise callback',
    text: flow(`Promise.resolve(1).then(() => {\n  msg.payload = ${WHOLE};\n  node.send([msg, null]);\n});\nreturn null;`),
    expected: reported,
  },
  // Text built from text that holds the e-mail (`"Lead: " + line`) holds it too, whatever another output calls the line.
  { name: 'a log line (on output 2) in the prompt on output 1', text: flow(`${LINE}const log = { payload: line };\nmsg.payload = { prompt: "Lead: " + line };\nreturn [msg, log];`), expected: reported },
  { name: 'one output: a line built into the prompt', text: flow(`${LINE}msg.payload = { prompt: "Lead: " + line };\nreturn msg;`, 1, [['r']]), expected: reported },
  { name: 'one output: a line built into a message set by its path', text: flow(`${LINE}msg.payload = {};\nmsg.payload.prompt = \`Lead: \${line}\`;\nreturn msg;`, 1, [['r']]), expected: reported },
  // Keys copied by a variable the reader cannot follow may be `payload`.
  { name: 'a note copied under a key read from the message', text: flow(`${NOTE}msg[msg.key] = extra.note;\nreturn msg;`, 1, [['r']]), expected: reported },
  { name: 'a note copied key by key (for…in) from an object given a key read from the message', text: flow(`${NOTE}extra[msg.key] = 1;\nfor (const k in extra) msg[k] = extra[k];\nreturn msg;`, 1, [['r']]), expected: reported },
  { name: 'a note copied key by key (for…in) from an object handed to code the reader does not follow', text: flow(`${NOTE}lib.fill(extra);\nfor (const k in extra) msg[k] = extra[k];\nreturn msg;`, 1, [['r']]), expected: reported },
  { name: 'a note copied key by key (for…in) whose keys include payload', text: flow('const extra = { note: "a", payload: { prompt: "New lead " + msg.payload.email } };\nfor (const k in extra) msg[k] = extra[k];\nreturn msg;', 1, [['r']]), expected: reported },
  { name: 'a note copied key by key (for…in) while the loop adds payload to the keys', text: flow(`${NOTE}for (const k in extra) {\n  extra.payload = extra.note;\n  msg[k] = extra[k];\n}\nreturn msg;`, 1, [['r']]), expected: reported },
  {
    name: 'the e-mail whole built by a helper function returned on output 1',
    text: flow(`function mk(m) {\n  return { payload: ${WHOLE} };\n}\nreturn [mk(msg), null];`),
    expected: reported,
  },
];

// A log line on another output stays out of what output 1 sends.
const logOnOutput2: FlowCase[] = [
  { name: 'a log line sent on output 2 in a loop, the domain on output 1', text: flow(`for (const k of [1, 2]) {\n  node.send([null, { payload: "New lead " + msg.payload.email }]);\n}\nmsg.payload = ${DOMAIN};\nreturn [msg, null];`), expected: [] },
  { name: 'a log line sent on output 2 in a timer callback, the domain on output 1', text: flow(`setTimeout(() => {\n  node.send([null, { payload: "New lead " + msg.payload.email }]);\n}, 5);\nmsg.payload = ${DOMAIN};\nreturn [msg, null];`), expected: [] },
  { name: 'a log line returned on output 2 in one branch, the domain on output 1', text: flow(`if (msg.ok) {\n  return [null, { payload: "New lead " + msg.payload.email }];\n}\nmsg.payload = ${DOMAIN};\nreturn [msg, null];`), expected: [] },
  { name: 'the e-mail whole in a clone on output 2 (the debug node)', text: flow(`const c = RED.util.cloneMessage(msg);\nc.payload = { prompt: "Hi " + c.payload.email };\nmsg.payload = ${DOMAIN};\nreturn [msg, c];`), expected: [] },
  { name: 'a log line on output 2 and link nodes from output 1 to the request', text: nodeRedFlow(tab, signup, fn(LOG2, 2, [['lo'], ['d']]), { id: 'lo', type: 'link out', z: 't1', name: 'to ask', links: ['li'], wires: [] }, { id: 'li', type: 'link in', z: 't1', name: 'ask', links: ['lo'], wires: [['r']] }, openAi, debug), expected: [] },
  { name: 'a log line read through a local on output 2, the domain read through it twice on output 1', text: flow('const p = msg.payload;\nconst log = { payload: "New lead " + p.email };\nmsg.payload = { prompt: "At " + p.email.split("@")[1] + " (" + p.email.split("@")[0].length + ")" };\nreturn [msg, log];'), expected: [] },
  // `p.email` where p is no part of the message.
  { name: 'p.email of a constant object in text beside the e-mail\'s domain', text: flow(`const p = { email: "support@example.com" };\nmsg.payload = { prompt: "Contact " + p.email + " about " + msg.payload.email.split("@")[1] };\nreturn msg;`, 1), expected: [] },
  { name: 'p.email of a flow context value in text beside the e-mail\'s domain', text: flow(`const p = flow.get("sender");\nmsg.payload = { prompt: "From " + p.email + " about " + msg.payload.email.split("@")[1] };\nreturn msg;`, 1), expected: [] },
  {
    name: 'a function in a subflow with the log line on output 2 (a debug node inside) and output 1 to the subflow\'s output',
    text: nodeRedFlow(
      tab,
      { id: 'sf', type: 'subflow', name: 'Prompt', in: [{ wires: [{ id: 'c' }] }], out: [{ wires: [{ id: 'c', port: 0 }] }] },
      { ...fn(LOG2), z: 'sf', wires: [[], ['d2']] },
      { id: 'd2', type: 'debug', z: 'sf', name: 'Log', active: true, complete: 'payload', wires: [] },
      { ...signup, wires: [['inst']] },
      { id: 'inst', type: 'subflow:sf', z: 't1', wires: [['r']] },
      openAi,
    ),
    expected: [],
  },
  // Keys copied one by one from an object the code built (for…in) are its keys: `msg.note` is not sent.
  { name: 'a note copied key by key into the message (for…in), the payload then set to the domain', text: flow(`${NOTE}for (const k in extra) msg[k] = extra[k];\nmsg.payload = ${DOMAIN};\nreturn msg;`, 1, [['r']]), expected: [] },
  { name: 'a note copied key by key into the message (for…in), the payload left as it came', text: flow(`${NOTE}for (const k in extra) msg[k] = extra[k];\nreturn msg;`, 1, [['r']]), expected: [] },
  // Each output is read for itself: the name `payload` the code gives the line on output 2 is not what output 1 sends.
  { name: 'the length of a log line (on output 2) in the prompt on output 1', text: flow(`${LINE}const log = { payload: line };\nmsg.payload = { prompt: "The line has " + line.length + " characters" };\nreturn [msg, log];`), expected: [] },
  { name: 'the length of the e-mail itself (a local, on output 2) in the prompt on output 1', text: flow('const line = msg.payload.email;\nconst log = { payload: line };\nmsg.payload = { prompt: "The line has " + line.length + " characters" };\nreturn [msg, log];'), expected: [] },
];

describe('privacy/sensitive-data-to-third-party: a Node-RED function\'s outputs, second reading', () => {
  describe('the e-mail as written on the output wired to the request', () => runFlowTable(RULE, wholeOnOutput1));
  describe('a log line on another output', () => runFlowTable(RULE, logOnOutput2));
});
