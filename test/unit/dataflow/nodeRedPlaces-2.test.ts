// A second reading of where a Node-RED function's code read what it sends (nodeRedPlaces). A reference read at several
// places keeps each of them (readPlaces), so a rule can find the one in text when the code read the field through a
// local (`p.email`), which no `msg.` reference of the code names. A loop whose values are known but whose places still
// move (a value handed along a chain of variables, one a round) ends with no place rather than giving up on the code:
// giving up made the message pass on as it came (an SSRF finding for a URL the code sets to a constant). What the code
// reads when the reader gives up is placed at the path that reads the field, not at the method called on it
// (`msg.payload.email` of `msg.payload.email.trim()`).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionOutput, readPlaces } from '../../../server/src/core/dataflow/nodeRedCode.js';
import { flowFindings, functionPlaces } from '../../helpers/dataflow.js';
import { nodeRedFlow } from '../../helpers/platformDocs.js';

const places = (code: string, outputs = 1) => functionPlaces(code, outputs, readPlaces);

/** `n` + 1 variables set from the e-mail, handed one to the next in a loop (the last is the e-mail a round later). */
function chain(n: number, tail: string): string {
  const names = Array.from({ length: n + 1 }, (_, i) => `v${i}`);
  return [
    'let v0 = msg.payload.email;',
    ...names.slice(1).map((v, i) => `let ${v} = v${i};`),
    'for (const k of msg.payload.items) {',
    ...names.slice(1).reverse().map((v) => `  ${v} = v${Number(v.slice(1)) - 1};`),
    '  v0 = msg.payload.email;',
    '}',
    tail.replace('LAST', `v${n}`),
    'return msg;',
  ].join('\n');
}

describe('Node-RED function code: every place a field was read', () => {
  const table: [string, string, number, string][] = [
    ['read through a local at two places', 'const p = msg.payload;\nmsg.topic = "Hi " + p.email + " at " + p.email.split("@")[1];\nreturn msg;', 1, 'topic <- [payload.email~@p.email|p.email]'],
    ['read by msg and through a local', 'const p = msg.payload;\nmsg.topic = msg.payload.email.split("@")[1] + " " + p.email;\nreturn msg;', 1, 'topic <- [payload.email~@msg.payload.email|p.email]'],
    ['read at two places in either branch', 'const p = msg.payload;\nmsg.topic = msg.ok ? "Hi " + p.email : "At " + msg.payload.email.split("@")[1];\nreturn msg;', 1, 'topic <- [payload.email~@p.email|msg.payload.email]'],
    [
      'each output keeps its own places',
      'const p = msg.payload;\nconst log = { payload: "New lead " + p.email + " " + msg.payload.email };\nmsg.payload = { prompt: "At " + p.email.split("@")[1] };\nreturn [msg, log];',
      2,
      'payload.prompt <- [payload.email~@p.email] | payload <- [payload.email~@p.email|msg.payload.email]',
    ],
    // Given up on (the code takes `eval`): what it reads is placed at the path that reads the field.
    ['a method called on a field, in code the reader gives up on', 'const f = eval;\nmsg.payload = { prompt: "Write to " + msg.payload.email.trim() };\nreturn msg;', 1, "'' <- [payload.email~@msg.payload.email]"],
    ['a computed key below a field, in code the reader gives up on', 'const f = eval;\nmsg.topic = msg.payload[msg.k].email;\nreturn msg;', 1, "'' <- [k~@msg.k, payload~@msg.payload]"],
  ];
  for (const [name, code, outputs, expected] of table) it(name, () => assert.equal(places(code, outputs), expected));

  it('reads a loop whose places settle late (a chain of 8 variables) instead of giving up on the code', () => {
    // Given up on, the code would send its input on with every field it reads anywhere in it: `'' <- [...]`.
    assert.equal(places(chain(8, 'msg.payload = { note: "Last " + LAST, id: msg.payload.id };')), 'payload.id <- [payload.id@-] ; payload.note <- [payload.email~@-]');
    assert.equal(places(chain(3, 'msg.payload = { note: "Last " + LAST, id: msg.payload.id };')), 'payload.id <- [payload.id@msg.payload.id] ; payload.note <- [payload.email~@msg.payload.email|msg.payload.email]');
  });

  it('stays bounded on deeply nested loops that hand the e-mail along', () => {
    let body = 'msg.topic = msg.topic + t0;';
    for (let i = 11; i >= 0; i--) body = `for (const k${i} of msg.payload.l${i}) {\n  t${i} = t${i + 1} + k${i}.email;\n  ${body}\n  t${i + 1} = msg.payload.email;\n}`;
    const code = `${Array.from({ length: 13 }, (_, i) => `let t${i} = "";`).join('\n')}\n${body}\nreturn msg;`;
    const started = performance.now();
    functionOutput(code, 1);
    assert.ok(performance.now() - started < 5_000);
  });
});

describe('injection/unvalidated-input-to-sink: a Node-RED function whose loop places settle late', () => {
  const tab = { id: 't1', type: 'tab', label: 'API' };
  const httpIn = { id: 'in', type: 'http in', z: 't1', name: 'Signup', url: '/signup', method: 'post', wires: [['c']] };
  const request = { id: 'r', type: 'http request', z: 't1', name: 'Call', method: 'POST', ret: 'obj', paytoqs: 'ignore', url: '', wires: [[]] };
  const flow = (n: number) =>
    nodeRedFlow(tab, httpIn, { id: 'c', type: 'function', z: 't1', name: 'Build', func: chain(n, 'msg.url = "https://api.example.com/notify";\nmsg.payload = { note: "Last " + LAST };'), outputs: 1, wires: [['r']] }, request);
  for (const n of [3, 8]) {
    it(`stays quiet for a URL the code sets to a constant after handing a value along ${n} variables in a loop`, () => {
      assert.deepEqual(flowFindings('injection/unvalidated-input-to-sink', { text: flow(n) }).map((f) => f.message), []);
    });
  }
});
