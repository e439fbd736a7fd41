// A Node-RED function that writes under a computed key (`m[k] = v`). A key the reader knows (a string constant: `const
// k = "payload"`) is that field. A key it does not know may be any key: every field of `m` (and `m` itself) may carry all
// of `v`, as a part, never a narrower field of it (`m.payload` is not `v.payload`), and `v`'s own fields are not moved
// to `m`'s top level. Before, `m[k] = msg.payload.email` sent `payload.email.payload`: the e-mail sent to OpenAI went
// unreported, an injection message named the wrong field, and a value's fields (`m[k] = { h: … }`) reached no sink.
// A for…in over an object the code built runs through its keys, which the reader knows: `msg[k] = extra[k]` copies
// `extra.note` to `msg.note`, which a later `msg.payload = …` does not touch (before, the note could be in any field,
// payload too).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionOutput } from '../../../server/src/core/dataflow/nodeRedCode.js';
import { flowFindings } from '../../helpers/dataflow.js';
import { nodeRedFlow } from '../../helpers/platformDocs.js';

/** An object the code builds, holding the e-mail in text. */
const NOTE = 'const extra = { note: "Lead " + msg.payload.email };\n';

/** `passes` and one `at <- [fields]` per write; `~` marks a value computed from the field (a part of it). */
function summary(code: string): string {
  const out = functionOutput(code);
  const writes = out.writes.map((w) => `${w.at || "''"} <- [${w.refs.map((r) => `${r.field || "''"}${r.whole ? '' : '~'}${r.masked ? '#' : ''}`).join(', ')}]`);
  return [out.passesInput ? 'passes' : 'new', ...writes].join(' ; ');
}

describe('Node-RED function code: writes under a computed key', () => {
  const table: [string, string, string][] = [
    ['a string constant key is that field', 'const m = {};\nconst k = "payload";\nm[k] = msg.payload.email;\nreturn m;', 'new ; payload <- [payload.email]'],
    ['a string constant key in an object literal', 'const k = "payload";\nreturn { [k]: msg.payload.email };', 'new ; payload <- [payload.email]'],
    ['a key that may be one of two constants', 'const m = {};\nlet k = "payload";\nif (msg.x) k = "topic";\nm[k] = msg.payload.email;\nreturn m;', "new ; '' <- [payload.email~]"],
    ['a key read from the message', 'const m = {};\nm[msg.key] = msg.payload.email;\nreturn m;', "new ; '' <- [payload.email~]"],
    ['a key read from the message, in an object literal', 'return { [msg.key]: msg.payload.email };', "new ; '' <- [payload.email~]"],
    ['a key in msg itself', 'msg[msg.key] = msg.payload.email;\nreturn msg;', "passes ; '' <- [payload.email~]"],
    ['a key below a field', 'msg.payload = {};\nmsg.payload[msg.key] = msg.req.query.q;\nreturn msg;', 'passes ; payload <- [req.query.q~]'],
    // The value's own fields sit under the unknown key, not at the top.
    ['an object under an unknown key', 'const m = {};\nm[msg.key] = { h: msg.payload.email };\nreturn m;', "new ; '' <- [payload.email~]"],
    ['an object changed after it was put under an unknown key', 'const m = {};\nconst o = {};\nm[msg.key] = o;\no.h = msg.payload.email;\nreturn m;', "new ; '' <- [payload.email~]"],
    // An array's items are read at its own path, as before.
    ['an index into an array', 'const a = [];\na[0] = msg.payload.email;\nreturn { payload: a };', 'new ; payload <- [payload.email]'],
    ['a loop index into an array', 'const a = [];\nfor (let i = 0; i < 2; i++) a[i] = msg.payload.email;\nreturn { payload: a };', 'new ; payload <- [payload.email]'],
    // A key the reader knows, read: that field only.
    ['a string constant key read', 'const o = { a: msg.payload.email, b: msg.topic };\nconst k = "a";\nreturn { payload: o[k] };', 'new ; payload <- [payload.email]'],
    // for…in over an object the code built: each of its keys in turn (each copy may not happen), the keys being text of the code.
    ['keys copied one by one (for…in), the payload then set', `${NOTE}for (const k in extra) msg[k] = extra[k];\nmsg.payload = "x";\nreturn msg;`, 'passes ; note <- [note, payload.email~] ; payload <- []'],
    ['keys copied one by one (for…in), payload one of them', 'const extra = { note: msg.topic, payload: { text: msg.payload.email } };\nfor (const k in extra) msg[k] = extra[k];\nreturn msg;', 'passes ; note <- [note, topic] ; payload.text <- [payload.text, payload.email]'],
    ['keys copied one by one (for…in), one skipped', `${NOTE}for (const k in extra) {\n  if (k === "note") continue;\n  msg[k] = extra[k];\n}\nreturn msg;`, 'passes ; note <- [note, payload.email~]'],
    ['the keys of an object the code built, as text', `${NOTE}let keys = "";\nfor (const k in extra) keys += k + ",";\nmsg.payload = keys;\nreturn msg;`, 'passes ; payload <- []'],
    // Keys the reader does not know: any field, payload too, though the code sets it after.
    ['keys copied one by one (for…in) from an object given a key it does not know', `${NOTE}extra[msg.key] = 1;\nfor (const k in extra) msg[k] = extra[k];\nmsg.payload = "x";\nreturn msg;`, "passes ; '' <- [payload.email~] ; payload <- []"],
    ['keys copied one by one (for…in) while the loop adds one', `${NOTE}for (const k in extra) {\n  extra.payload = extra.note;\n  msg[k] = extra[k];\n}\nreturn msg;`, "passes ; '' <- [payload.email~]"],
    ['keys copied one by one (for…in) from a copy of the message', 'const c = { ...msg };\nfor (const k in c) msg[k] = c[k];\nreturn msg;', "passes ; '' <- [''~]"],
  ];
  for (const [name, code, expected] of table) it(name, () => assert.equal(summary(code), expected));
});

const tab = { id: 't1', type: 'tab', label: 'Ops' };

describe('privacy/sensitive-data-to-third-party: a Node-RED function writing under a computed key', () => {
  const signup = { id: 'in', type: 'http in', z: 't1', name: 'Signup', url: '/signup', method: 'post', wires: [['fn']] };
  const openAi = { id: 'ai', type: 'http request', z: 't1', name: 'Ask', method: 'POST', ret: 'obj', paytoqs: 'ignore', url: 'https://api.openai.com/v1/chat/completions', wires: [[]] };
  const fn = (func: string) => ({ id: 'fn', type: 'function', z: 't1', name: 'Route', func, outputs: 1, wires: [['ai']] });
  const findings = (func: string) => flowFindings('privacy/sensitive-data-to-third-party', { text: nodeRedFlow(tab, signup, fn(func), openAi) });
  it('reports the e-mail sent to OpenAI under a constant key', () => {
    const found = findings('const m = {};\nconst k = "payload";\nm[k] = msg.payload.email;\nreturn m;');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /api\.openai\.com/);
  });
  it('reports it as it reports the same write by name', () => {
    assert.equal(findings('const m = {};\nm.payload = msg.payload.email;\nreturn m;').length, 1);
  });
});

describe('injection/unvalidated-input-to-sink: a Node-RED function writing under a computed key, into an exec node', () => {
  const request = { id: 'in', type: 'http in', z: 't1', url: '/ping', method: 'get', wires: [['fn']] };
  const fn = (func: string) => ({ id: 'fn', type: 'function', z: 't1', name: 'Route', func, outputs: 1, wires: [['exec']] });
  const exec = (addpay: string) => ({ id: 'exec', type: 'exec', z: 't1', command: 'ping -c 1', addpay, append: '', wires: [[], [], []] });
  const messages = (func: string, addpay: string) => flowFindings('injection/unvalidated-input-to-sink', { text: nodeRedFlow(request, fn(func), exec(addpay)) }).map((f) => f.message);
  const cases: [string, string, string][] = [
    ['a constant key', 'const m = {};\nconst k = "payload";\nm[k] = msg.req.query.host;\nreturn m;', 'payload'],
    ['a key from the request', 'const m = {};\nm[msg.req.query.k] = msg.req.query.host;\nreturn m;', 'payload'],
    ['a key from the request, in an object literal', 'return { [msg.req.query.k]: msg.req.query.host };', 'payload'],
    ['an object under a key from the request', 'const m = {};\nm[msg.req.query.k] = { h: msg.req.query.host };\nreturn m;', 'payload.h'],
    ['an object changed after it was put under a key from the request', 'const m = {};\nconst o = {};\nm[msg.req.query.k] = o;\no.h = msg.req.query.host;\nreturn m;', 'payload.h'],
  ];
  for (const [name, func, addpay] of cases) {
    it(`reports the host, by its own field: ${name}`, () => {
      const found = messages(func, addpay);
      assert.equal(found.length, 1);
      assert.match(found[0], /built from req\.query\.host of "http in"/);
    });
  }
});
