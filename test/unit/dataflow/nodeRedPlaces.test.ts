// Where a Node-RED function's code read what it sends: a reference keeps the place of the path of names that read the
// field (`msg.payload.email`, `p.email`), so a rule can read the code again there (rules/privacy/embedded.ts: is the
// e-mail put into text as it is?). A field read at several places for one value has no place (every read of it is
// tried), and so has one the reader did not see read (`-`).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionOutput, type PortOutput } from '../../../server/src/core/dataflow/nodeRedCode.js';
import { functionPlaces } from '../../helpers/dataflow.js';

const places = (code: string, outputs = 1) => functionPlaces(code, outputs);

describe('Node-RED function code: where it read what it sends', () => {
  const table: [string, string, number, string][] = [
    ['a field in text', 'msg.topic = "Lead " + msg.payload.email;\nreturn msg;', 1, 'topic <- [payload.email~@msg.payload.email]'],
    ['a field copied', 'msg.to = msg.payload.email;\nreturn msg;', 1, 'to <- [payload.email@msg.payload.email]'],
    ['a part of a call on it keeps the place of the field', 'msg.topic = "At " + msg.payload.email.split("@")[1];\nreturn msg;', 1, 'topic <- [payload.email~@msg.payload.email]'],
    ['read through a local', 'const p = msg.payload;\nmsg.topic = "Lead " + p.email;\nreturn msg;', 1, 'topic <- [payload.email~@p.email]'],
    ['an optional chain and a quoted key', 'msg.topic = `Lead ${msg.payload?.email} ${msg.payload["phone"]}`;\nreturn msg;', 1, 'topic <- [payload.email~@msg.payload?.email, payload.phone~@msg.payload["phone"]]'],
    ['read at two places for one value', 'msg.topic = msg.payload.email.split("@")[1] + " " + msg.payload.email;\nreturn msg;', 1, 'topic <- [payload.email~@-]'],
    ['read at two places, in either branch', 'msg.to = msg.ok ? msg.payload.email : msg.payload.email + msg.payload.email;\nreturn msg;', 1, 'to <- [payload.email@msg.payload.email, payload.email~@-]'],
    ['read in a loop', 'let t = "";\nfor (const k of [1, 2]) {\n  t = t + msg.payload.email;\n}\nmsg.topic = t;\nreturn msg;', 1, 'topic <- [payload.email~@msg.payload.email]'],
    ['read at two places in a loop', 'let t = "";\nfor (const k of [1, 2]) {\n  t = t + (k ? msg.payload.email : "") + msg.payload.email;\n}\nmsg.topic = t;\nreturn msg;', 1, 'topic <- [payload.email~@-]'],
    // Each output's messages keep the places of their own reads.
    [
      'a log message on output 2',
      'const log = { payload: "New lead " + msg.payload.email };\nmsg.payload = { prompt: "At " + msg.payload.email.split("@")[1] };\nreturn [msg, log];',
      2,
      'payload.prompt <- [payload.email~@msg.payload.email] | payload <- [payload.email~@msg.payload.email]',
    ],
  ];
  for (const [name, code, outputs, expected] of table) it(name, () => assert.equal(places(code, outputs), expected));

  it('places the two outputs at their own reads', () => {
    const code = 'const log = { payload: "New lead " + msg.payload.email };\nmsg.payload = { prompt: "At " + msg.payload.email.split("@")[1] };\nreturn [msg, log];';
    const [first, second] = functionOutput(code, 2).ports ?? [];
    const at = (p: PortOutput | undefined) => p?.writes.flatMap((w) => w.refs).map((r) => r.start);
    assert.deepEqual(at(first), [code.lastIndexOf('msg.payload.email')]);
    assert.deepEqual(at(second), [code.indexOf('msg.payload.email')]);
  });
});
