// What a Node-RED function node sends on, read off its code: fields overwritten with constants, copied or computed from
// `msg` fields, and left as they came; and the fields a JSONata expression (change node) reads.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonataReferences } from '../../../server/src/core/dataflow/nodeRed.js';
import { functionOutput } from '../../../server/src/core/dataflow/nodeRedCode.js';

/** `passes` and one `at <- [fields]` per write; `~` marks a value computed from the field, `#` a masked one, `''` the whole message. */
function summary(code: string): string {
  const out = functionOutput(code);
  const writes = out.writes.map((w) => `${w.at || "''"} <- [${w.refs.map((r) => `${r.field || "''"}${r.whole ? '' : '~'}${r.masked ? '#' : ''}`).join(', ')}]`);
  return [out.passesInput ? 'passes' : 'new', ...writes].join(' ; ');
}

describe('Node-RED function code: what it sends on', () => {
  const table: [string, string, string][] = [
    // Constants and copies.
    ['a constant topic', 'msg.topic = "SELECT id, name FROM products";\nreturn msg;', 'passes ; topic <- []'],
    ['a template literal without ${}', 'msg.topic = `SELECT 1`;\nreturn msg;', 'passes ; topic <- []'],
    ['a constant kept in a local', 'const q = "SELECT 1";\nmsg.topic = q;\nreturn msg;', 'passes ; topic <- []'],
    ['delete', 'delete msg.topic;\nreturn msg;', 'passes ; topic <- []'],
    ['a field copied', 'msg.payload = msg.payload.email;\nreturn msg;', 'passes ; payload <- [payload.email]'],
    ['a field copied through a local', 'var p = msg.req.query;\nmsg.topic = p.name;\nreturn msg;', 'passes ; topic <- [req.query.name]'],
    // Computed values name what they are computed from.
    ['text built from a field', 'msg.topic = "SELECT * FROM u WHERE n = \'" + msg.req.query.name + "\'";\nreturn msg;', 'passes ; topic <- [req.query.name~]'],
    ['a template literal', 'msg.topic = `SELECT ${msg.payload.id}`;\nreturn msg;', 'passes ; topic <- [payload.id~]'],
    ['text built in a local, on several lines', 'var sql = "SELECT * FROM x WHERE a = "\n  + msg.payload.a;\nmsg.topic = sql;\nreturn msg;', 'passes ; topic <- [payload.a~]'],
    ['two locals built from each other in a loop', 'var a = "", b = "";\nfor (const r of rows) {\n  a = b + msg.x;\n  b = a + msg.y;\n}\nmsg.topic = a;\nmsg.payload = b;\nreturn msg;', 'passes ; payload <- [x~, y~] ; topic <- [x~, y~]'],
    ['a constant, then +=', 'msg.topic = "SELECT "\nmsg.topic += msg.payload.x\nreturn msg', 'passes ; topic <- [payload.x~]'],
    ['a hash', 'msg.payload = sha256(msg.payload.email);\nreturn msg;', 'passes ; payload <- [payload.email~#]'],
    ['a hash beside a value it does not mask', 'msg.payload = crypto.createHash("sha256").update(msg.payload.email).digest("hex") + msg.payload.phone;\nreturn msg;', 'passes ; payload <- [payload.email~#, payload.phone~]'],
    ['a masked local and a plain field', 'var h = msg.payload.email.hash();\nmsg.payload = { e: h, p: msg.payload.phone };\nreturn msg;', 'passes ; payload <- [] ; payload.e <- [payload.email~#] ; payload.p <- [payload.phone]'],
    ['context and environment values', 'msg.topic = flow.get("query") + env.get("TABLE");\nreturn msg;', 'passes ; topic <- []'],
    // What the reader cannot follow keeps what the code reads.
    ['a call it does not know', 'msg.topic = buildSql(msg.payload);\nreturn msg;', 'passes ; topic <- [payload~]'],
    ['a callback', 'msg.payload = msg.payload.map(x => x.id);\nreturn msg;', 'passes ; payload <- [payload~]'],
    ['msg handed to other code', 'msg.topic = "SELECT 1";\nhelper(msg);\nreturn msg;', "passes ; '' <- [''~] ; topic <- [topic~, ''~]"],
    ['a field changed by a method', 'msg.topic = "SELECT 1";\nmsg.payload.push(msg.req.query.x);\nreturn msg;', 'passes ; payload <- [payload, req.query.x~] ; topic <- []'],
    ['a field changed through a local', 'var p = msg.payload;\np.email = msg.req.query.e;\nreturn msg;', 'passes ; payload.email <- [payload.email, req.query.e]'],
    ['a return the reader cannot follow', 'const out = flow.get("last");\nreturn out;', 'passes'],
    // Only what runs before the message leaves counts; a branch may not run.
    ['a constant in a braceless if', 'if (msg.payload.a) msg.topic = "SELECT 1";\nreturn msg;', 'passes'],
    ['a constant in an if block', 'if (msg.payload.a) {\n  msg.topic = "SELECT 1";\n}\nreturn msg;', 'passes'],
    ['a constant in the same block as the return', 'if (msg.payload.a) {\n  msg.topic = "SELECT 1";\n  return msg;\n}\nreturn null;', 'passes ; topic <- []'],
    ['an early return before the constant', 'if (!msg.payload) {\n  return msg;\n}\nmsg.topic = "SELECT 1";\nreturn msg;', 'passes'],
    ['both cases of a switch', 'switch (msg.payload) {\n  case "a": msg.topic = "A"; break;\n  default: msg.topic = "B";\n}\nreturn msg;', 'passes'],
    ['a change after node.send (delivered later)', 'node.send(msg);\nmsg.topic = "SELECT 1";', 'passes'],
    ['a send in a loop, then a change', 'for (const r of msg.payload) {\n  node.send(msg);\n  msg.topic = r.sql;\n}', 'passes ; topic <- [topic, payload~]'],
    ['a constant in a callback', 'msg.payload.forEach((r) => { msg.topic = "SELECT 1"; });\nreturn msg;', 'passes'],
    ['a return inside a helper is not the node\'s', 'function pick(x) { return { topic: "SELECT 1" }; }\nmsg.topic = "SELECT 1";\nreturn msg;', 'passes ; topic <- []'],
    // New messages.
    ['a new message with a constant', 'return { topic: "SELECT 1" };', 'new ; topic <- []'],
    ['a new message with a field', 'return { payload: msg.payload };', 'new ; payload <- [payload]'],
    ['a new message with nested fields', 'return { payload: { email: msg.payload.email, n: 1 } };', 'new ; payload <- [] ; payload.email <- [payload.email] ; payload.n <- []'],
    ['a new payload serialised', 'msg.payload = JSON.stringify({ email: msg.payload.email }, null, 2);\nreturn msg;', 'passes ; payload <- [] ; payload.email <- [payload.email]'],
    ['a new message built in a variable', 'var m = {};\nm.topic = "x" + msg.payload.q;\nreturn m;', 'new ; topic <- [payload.q~]'],
    ['msg replaced', 'msg = { payload: msg.payload.email };\nreturn msg;', 'new ; payload <- [payload.email]'],
    ['a copy of msg with a field changed', 'return { ...msg, topic: "SELECT 1" };', 'passes ; topic <- []'],
    ['a clone and the original', 'var m = RED.util.cloneMessage(msg);\nm.topic = "SELECT 1";\nreturn [msg, m];', 'passes'],
    ['messages sent in a loop', 'for (var x = 0; x < 30; x++) {\n  node.send({ payload: x });\n}', 'new ; payload <- []'],
    ['one of two outputs, or none', 'msg.topic = "a";\nreturn msg.payload ? [msg, null] : null;', 'passes ; topic <- []'],
    // Code the reader does not take apart keeps the model it had: the message as it came.
    ['an unclosed string', 'msg.topic = "SELECT 1;\nreturn msg;', 'passes'],
    ['a msg parameter', 'function f(msg) { msg.topic = "x"; return msg; }\nreturn f(msg);', 'passes'],
    ['comments and a regular expression', '// msg.topic = "x";\nmsg.topic = /a\\/b/.test(msg.payload) ? "a" : "b"; /* return null; */\nreturn msg;', 'passes ; topic <- [payload~]'],
  ];
  for (const [name, code, expected] of table) it(name, () => assert.equal(summary(code), expected));

  it('stays bounded on huge or pathological code', () => {
    const branches = Array.from({ length: 500 }, (_, i) => `if (msg.a${i}) { msg.f${i % 50} = msg.g${i}; node.send(msg); }`).join('\n');
    const nested = '{'.repeat(5000) + '}'.repeat(5000);
    const chain = Array.from({ length: 300 }, (_, i) => `var v${i} = v${i ? i - 1 : 0} + msg.p${i};`).join('\n') + '\nmsg.topic = v299;\nreturn msg;';
    for (const code of [branches, nested, chain, 'x'.repeat(200_000), '`'.repeat(3) + '${'.repeat(2000)]) {
      const started = performance.now();
      assert.equal(functionOutput(code).passesInput, true);
      assert.ok(performance.now() - started < 2000);
    }
  });
});

describe('JSONata: the msg fields an expression reads', () => {
  const show = (e: string) => jsonataReferences(e).map((r) => `${r.field || "''"}${r.whole ? '' : '~'}@${e.slice(r.start, r.end)}`);
  const table: [string, string[]][] = [
    [`"SELECT * FROM users WHERE name = '" & req.query.name & "'"`, ['req.query.name~@req.query.name']],
    ['payload.email', ['payload.email@payload.email']],
    ['$$.payload.email', ['payload.email@$$.payload.email']],
    ['$$', ["''@$$"]],
    ['$string(payload.id)', ['payload.id~@payload.id']],
    ['payload.items[type="a"].name', ['payload.items.name@payload.items[type="a"].name']],
    ['payload.`first name`', ['payload.first name@payload.`first name`']],
    ['{ "email": payload.email, "n": 1 }', ['payload.email~@payload.email']],
    ['$now() & "x" & 42 & true', []],
    ['$flowContext("x") & $env("Y")', []],
  ];
  for (const [expression, expected] of table) it(expression, () => assert.deepEqual(show(expression), expected));
});
