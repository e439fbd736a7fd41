// A Node-RED function with several outputs sends the i-th element of the array it returns (or gives node.send) on
// output i: an array there is several messages on that output, null none, and a message that is no array goes on the
// first output (Node-RED, "Writing Functions": Multiple Outputs, Multiple Messages). The reader keeps what each output
// sends, so what a log message on output 2 holds is not what output 1 sends. Code it cannot split (a returned array
// built in a variable, node.send of an array it does not know) keeps what all outputs send together, on each.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionOutput, type PortOutput } from '../../../server/src/core/dataflow/nodeRedCode.js';
import { flowFindings, runFlowTable, type FlowCase } from '../../helpers/dataflow.js';
import { nodeRedFlow } from '../../helpers/platformDocs.js';

/** `passes`/`new`/`none` and one `at <- [fields]` per write (`~` a computed value, `''` the whole message). */
function summary(out: PortOutput): string {
  if (!out.passesInput && !out.writes.length) return 'none';
  const writes = out.writes.map((w) => `${w.at || "''"} <- [${w.refs.map((r) => `${r.field || "''"}${r.whole ? '' : '~'}`).join(', ')}]`);
  return [out.passesInput ? 'passes' : 'new', ...writes].join(' ; ');
}

/** What each output sends, `|` between outputs; `merged: …` when the reader keeps them together. */
function ports(code: string, outputs: number): string {
  const out = functionOutput(code, outputs);
  return out.ports ? out.ports.map(summary).join(' | ') : `merged: ${summary(out)}`;
}

describe('Node-RED function code: what each output sends', () => {
  const table: [string, string, number, string][] = [
    ['a message and a log message', 'const log = { payload: "New lead " + msg.payload.email };\nmsg.payload = { prompt: "x" };\nreturn [msg, log];', 2, 'passes ; payload <- [] ; payload.prompt <- [] | new ; payload <- [payload.email~]'],
    ['null sends nothing on its output', 'return [null, msg];', 2, 'none | passes'],
    ['a message that is no array goes on the first output', 'msg.payload = msg.req.query.q;\nreturn msg;', 2, 'passes ; payload <- [req.query.q] | none'],
    ['several messages on one output', 'const a = { payload: msg.payload.a };\nconst b = { payload: msg.payload.b };\nreturn [[a, b], null];', 2, 'new ; payload <- [payload.a, payload.b] | none'],
    ['node.send of an array', 'node.send([null, { payload: msg.payload.email }]);\nmsg.payload = "ok";\nreturn [msg, null];', 2, 'passes ; payload <- [] | new ; payload <- [payload.email]'],
    ['either branch of a conditional', 'return msg.payload.ok ? [msg, null] : [null, { payload: msg.payload.error }];', 2, 'passes | new ; payload <- [payload.error]'],
    ['a message per output, each built in a branch', 'if (msg.topic === "a") {\n  return [msg, null, null];\n}\nreturn [null, null, { payload: msg.payload.x }];', 3, 'passes | none | new ; payload <- [payload.x]'],
    ['more elements than outputs', 'return [msg, { payload: msg.payload.email }];', 1, 'merged: passes ; payload <- [payload, payload.email]'],
    ['one output', 'const log = { payload: msg.payload.email };\nmsg.payload = "x";\nreturn [msg, log];', 1, 'merged: passes ; payload <- [payload.email]'],
    // What the reader cannot split: every output may send what any of them does.
    ['an array built in a variable', 'const out = [null, null];\nout[1] = { payload: msg.payload.email };\nmsg.payload = "x";\nout[0] = msg;\nreturn out;', 2, "merged: passes ; '' <- [payload.email~, ''~]"],
    ['node.send of an array it does not know', 'const out = [msg, { payload: msg.payload.email }];\nmsg.payload = "x";\nnode.send(out);', 2, "merged: passes ; '' <- [''~, payload.email~]"],
    ['a spread element', 'return [...list, msg];', 2, 'merged: passes'],
  ];
  for (const [name, code, outputs, expected] of table) it(name, () => assert.equal(ports(code, outputs), expected));

  it('reads many outputs in linear time', () => {
    const n = 60;
    const code = `return [${Array.from({ length: n }, (_, i) => `{ payload: msg.payload.f${i} }`).join(', ')}];`;
    const out = functionOutput(code, n);
    assert.equal(out.ports?.length, n);
    out.ports?.forEach((p, i) => assert.equal(summary(p), `new ; payload <- [payload.f${i}]`));
  });
});

const tab = { id: 't1', type: 'tab', label: 'Ops' };
const httpIn = { id: 'in', type: 'http in', z: 't1', name: 'Ping', url: '/ping', method: 'get', wires: [['fn']] };
/** A function with two outputs, wired to `first` and `second`. */
const fn = (func: string, first: string, second: string, outputs = 2) => ({ id: 'fn', type: 'function', z: 't1', name: 'Route', func, outputs, wires: outputs === 1 ? [[first, second]] : [[first], [second]] });
const exec = { id: 'exec', type: 'exec', z: 't1', name: 'Ping host', command: 'ping -c 1', addpay: 'payload', append: '', wires: [[], [], []] };
const debug = { id: 'dbg', type: 'debug', z: 't1', name: 'Log', active: true, complete: 'payload', wires: [] };
const flow = (func: string, first = 'exec', second = 'dbg', outputs = 2) => nodeRedFlow(tab, httpIn, fn(func, first, second, outputs), exec, debug);
const INJECTION = 'injection/unvalidated-input-to-sink';
const reported = { covers: '"addpay"', message: /req\.query\.host of "Ping"/ };

const injectionCases: FlowCase[] = [
  { name: 'a query parameter on output 1 into an exec node', text: flow('msg.payload = msg.req.query.host;\nreturn [msg, null];'), expected: [reported] },
  { name: 'a query parameter returned as a single message (output 1) into an exec node', text: flow('msg.payload = msg.req.query.host;\nreturn msg;'), expected: [reported] },
  { name: 'a query parameter on output 2 into an exec node', text: flow('const log = { payload: msg.req.query.host };\nmsg.payload = "localhost";\nreturn [msg, log];', 'dbg', 'exec'), expected: [reported] },
  { name: 'a query parameter among several messages on output 1', text: flow('const a = { payload: "localhost" };\nconst b = { payload: msg.req.query.host };\nreturn [[a, b], null];'), expected: [reported] },
  // What the reader cannot split keeps every output's data on each (never hides a tainted value from a sink).
  { name: 'a returned array built in a variable', text: flow('const out = [];\nout[1] = { payload: msg.req.query.host };\nmsg.payload = "localhost";\nout[0] = msg;\nreturn out;'), expected: [reported] },
  { name: 'node.send of an array it does not know', text: flow('const out = [msg, { payload: msg.req.query.host }];\nmsg.payload = "localhost";\nnode.send(out);'), expected: [reported] },
  { name: 'a function with one output that returns two messages', text: flow('const log = { payload: msg.req.query.host };\nmsg.payload = "localhost";\nreturn [msg, log];', 'exec', 'dbg', 1), expected: [reported] },
];

describe('injection/unvalidated-input-to-sink: a Node-RED function sends each output its own messages', () => {
  runFlowTable(INJECTION, injectionCases);
  const quiet: [string, string][] = [
    ['a query parameter only on output 2 (a debug node), a constant on output 1 (exec)', 'const log = { payload: msg.req.query.host };\nmsg.payload = "localhost";\nreturn [msg, log];'],
    ['a query parameter only on output 2 by node.send, nothing on output 1', 'node.send([null, msg]);\nmsg.payload = msg.req.query.host;\nreturn [null, msg];'],
  ];
  for (const [name, func] of quiet) it(`stays quiet for ${name}`, () => assert.deepEqual(flowFindings(INJECTION, { text: flow(func) }).map((f) => f.message), []));
});

describe('privacy/sensitive-data-to-third-party: a Node-RED log message on another output', () => {
  const signup = { id: 'in', type: 'http in', z: 't1', name: 'Signup', url: '/signup', method: 'post', wires: [['fn']] };
  const openAi = { id: 'ai', type: 'http request', z: 't1', name: 'Ask', method: 'POST', ret: 'obj', paytoqs: 'ignore', url: 'https://api.openai.com/v1/chat/completions', wires: [[]] };
  const text = (func: string, first = 'ai', second = 'dbg') => nodeRedFlow(tab, signup, fn(func, first, second), openAi, debug);
  const log = 'const log = { payload: "New lead " + msg.payload.email };\nmsg.payload = { prompt: "Describe the company at " + msg.payload.email.split("@")[1] };\nreturn [msg, log];';
  const messages = (t: string) => flowFindings('privacy/sensitive-data-to-third-party', { text: t }).map((f) => f.message);
  // Besides the engine, the privacy rule (rules/privacy/embedded.ts) reads the code again where the references that
  // reach output 1 are read (the reader places them): the log line's e-mail is not among them.
  it('stays quiet for the e-mail in a log message on output 2 (a debug node)', () => assert.deepEqual(messages(text(log)), []));
  it('reports the e-mail in the log message when output 2 goes to OpenAI', () => assert.match(messages(text(log, 'dbg', 'ai')).join('\n'), /"Ask" sends email \(contact details\) from "Signup"/));
});
