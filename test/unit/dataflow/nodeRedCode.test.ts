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
    ['an environment value', 'msg.topic = "SELECT * FROM " + env.get("TABLE");\nreturn msg;', 'passes ; topic <- []'],
    // A context value was put there by any node, from any message: the field keeps what it had, and what the code reads.
    ['a context value', 'msg.topic = flow.get("query") + env.get("TABLE");\nreturn msg;', 'passes'],
    ['a context value the code stored', 'flow.set("q", msg.req.query.q);\nmsg.topic = "SELECT * FROM t WHERE n=\'" + flow.get("q") + "\'";\nreturn msg;', 'passes ; req.query.q <- [req.query.q, req.query.q~] ; topic <- [topic, req.query.q~]'],
    ['node.context()', 'msg.topic = node.context().get("sql");\nreturn msg;', 'passes'],
    // What the reader cannot follow keeps what the code reads.
    // Code it does not know (a module, a global) may return anything, and change or keep what it is given.
    ['a call it does not know', 'msg.topic = buildSql(msg.payload);\nreturn msg;', 'passes ; payload <- [payload, payload~] ; topic <- [payload~, payload, topic]'],
    ['a function of the code', 'msg.topic = build(msg.payload.filter);\nreturn msg;\nfunction build(f) { return "SELECT * FROM t WHERE " + f; }', 'passes ; topic <- [payload.filter~, payload.filter]'],
    ['a callback', 'msg.payload = msg.payload.map(x => x.id);\nreturn msg;', 'passes ; payload <- [payload~, payload]'],
    ['msg handed to other code', 'msg.topic = "SELECT 1";\nhelper(msg);\nreturn msg;', "passes ; '' <- [''~] ; topic <- [topic, ''~]"],
    ['a field changed by a method', 'msg.topic = "SELECT 1";\nmsg.payload.push(msg.req.query.x);\nreturn msg;', 'passes ; payload <- [payload, req.query.x] ; topic <- []'],
    ['a field changed through a local', 'var p = msg.payload;\np.email = msg.req.query.e;\nreturn msg;', 'passes ; payload.email <- [req.query.e]'],
    ['a return the reader cannot follow', 'const out = flow.get("last");\nreturn out;', 'passes'],
    // Only what runs before the message leaves counts; a branch may not run.
    ['a constant in a braceless if', 'if (msg.payload.a) msg.topic = "SELECT 1";\nreturn msg;', 'passes'],
    ['a constant in an if block', 'if (msg.payload.a) {\n  msg.topic = "SELECT 1";\n}\nreturn msg;', 'passes'],
    ['a constant in the same block as the return', 'if (msg.payload.a) {\n  msg.topic = "SELECT 1";\n  return msg;\n}\nreturn null;', 'passes ; topic <- []'],
    ['an early return before the constant', 'if (!msg.payload) {\n  return msg;\n}\nmsg.topic = "SELECT 1";\nreturn msg;', 'passes'],
    ['both cases of a switch', 'switch (msg.payload) {\n  case "a": msg.topic = "A"; break;\n  default: msg.topic = "B";\n}\nreturn msg;', 'passes ; topic <- []'],
    ['a change after node.send (delivered later)', 'node.send(msg);\nmsg.topic = "SELECT 1";', 'passes'],
    ['a send in a loop, then a change', 'for (const r of msg.payload) {\n  node.send(msg);\n  msg.topic = r.sql;\n}', 'passes ; topic <- [topic, payload.sql]'],
    ['a constant in a callback', 'msg.payload.forEach((r) => { msg.topic = "SELECT 1"; });\nreturn msg;', "passes ; '' <- [payload~]"],
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
    ['an unclosed string', 'msg.topic = "SELECT 1;\nreturn msg;', "passes ; '' <- [''~]"],
    ['a msg parameter', 'function f(msg) { msg.topic = "x"; return msg; }\nreturn f(msg);', "passes ; '' <- [''~]"],
    ['comments and a regular expression', '// msg.topic = "x";\nmsg.topic = /a\\/b/.test(msg.payload) ? "a" : "b"; /* return null; */\nreturn msg;', 'passes ; topic <- []'],
  ];
  for (const [name, code, expected] of table) it(name, () => assert.equal(summary(code), expected));

  // Each of these lets request data into msg.topic (run as Node-RED runs it): a constant must never be claimed.
  const sound: [string, string, string][] = [
    ['destructuring into a field', 'msg.topic = "SELECT 1";\n({ topic: msg.topic } = msg.req.query);\nreturn msg;', 'passes ; topic <- [req.query.topic]'],
    ['array destructuring into a field', 'msg.topic = "SELECT 1";\n[msg.topic] = [msg.payload];\nreturn msg;', 'passes ; topic <- [payload]'],
    ['a parenthesised target', 'msg.topic = "SELECT 1";\n(msg.topic) = msg.payload;\nreturn msg;', 'passes ; topic <- [payload]'],
    ['destructuring into a local', 'let t = "SELECT 1";\n({ t } = { t: msg.payload });\nmsg.topic = t;\nreturn msg;', 'passes ; topic <- [payload]'],
    ['for…of into a variable declared before', 'let t = "SELECT 1";\nfor (t of [msg.payload]) {}\nmsg.topic = t;\nreturn msg;', 'passes ; topic <- [payload]'],
    ['for…in into a variable declared before', 'var t = "SELECT 1";\nfor (t in msg.payload) {}\nmsg.topic = t;\nreturn msg;', 'passes ; topic <- [payload~]'],
    ['destructured from msg, read later', 'msg.topic = "SELECT 1";\nconst { req } = msg;\nmsg.topic = req.query.name;\nreturn msg;', 'passes ; topic <- [req.query.name]'],
    ['a field of a destructured object changed', 'msg.payload = { sql: "SELECT 1" };\nconst { payload } = msg;\npayload.sql = msg.req.query.q;\nmsg.topic = msg.payload.sql;\nreturn msg;', 'passes ; payload <- [] ; payload.sql <- [req.query.q] ; topic <- [req.query.q]'],
    ['a shallow copy shares its objects', 'msg.payload = { sql: "SELECT 1" };\nconst c = { ...msg };\nc.payload.sql = msg.req.query.q;\nmsg.topic = msg.payload.sql;\nreturn msg;', 'passes ; payload <- [] ; payload.sql <- [req.query.q] ; topic <- [req.query.q]'],
    ['msg kept in an object', 'msg.topic = "SELECT 1";\nvar o = { m: msg };\no.m.topic = msg.payload;\nreturn msg;', 'passes ; topic <- [payload]'],
    ['msg kept in an array', 'msg.topic = "SELECT 1";\nvar arr = [msg];\narr[0].topic = msg.payload;\nreturn msg;', 'passes ; topic <- [payload]'],
    ['values pushed, then joined', 'const cond = [];\nif (msg.req.query.name) cond.push(`name = \'${msg.req.query.name}\'`);\nmsg.topic = "SELECT * FROM users WHERE " + cond.join(" AND ");\nreturn msg;', 'passes ; topic <- [req.query.name~]'],
    ['values unshifted, then joined', 'const q = ["SELECT * FROM t WHERE "];\nq.unshift(msg.payload);\nreturn { topic: q.join("") };', 'new ; topic <- [payload~]'],
    ['values pushed in a loop', 'const where = [];\nfor (const k of Object.keys(msg.payload)) where.push(k + "=\'" + msg.payload[k] + "\'");\nmsg.topic = "SELECT * FROM t WHERE " + where.join(" AND ");\nreturn msg;', 'passes ; topic <- [payload~]'],
    ['a value added to an array of text', 'const parts = "SELECT * FROM t WHERE a =".split(" ");\nparts.push(msg.payload);\nmsg.topic = parts.join(" ");\nreturn msg;', 'passes ; topic <- [payload~]'],
    ['a value kept in a Map', 'const m = new Map();\nm.set("q", msg.payload);\nmsg.topic = m.get("q");\nreturn msg;', 'passes ; topic <- [payload~, payload]'],
    ['an arrow stored in a variable changes a local', 'let s = "SELECT * FROM t WHERE a = ";\nconst add = (v) => { s = s + v; };\nadd(msg.payload);\nmsg.topic = s;\nreturn msg;', 'passes ; payload <- [payload, payload~] ; topic <- [topic, payload~]'],
    ['a callback changes a local', 'let s = "SELECT 1";\nmsg.payload.forEach(v => s += v);\nmsg.topic = s;\nreturn msg;', 'passes ; payload <- [payload, payload~] ; topic <- [topic, payload~]'],
    ['a helper changes msg', 'msg.topic = "SELECT 1";\nhelper(msg);\nreturn msg;\nfunction helper(m) { m.topic = "SELECT * FROM t WHERE n=" + m.payload; }', "passes ; '' <- [''~] ; topic <- [topic, ''~]"],
    ['a write in an earlier case, a return in a later one', 'switch (msg.req.query.mode) {\n  case "safe":\n    node.warn("safe");\n    msg.topic = "SELECT 1";\n    break;\n  case "raw":\n    return msg;\n}\nreturn null;', 'passes'],
    ['a return in a for await loop', 'for await (const x of [1]) { if (msg.req.query.raw) return msg; }\nmsg.topic = "SELECT 1";\nreturn msg;', 'passes'],
    ['a regular expression after )', 'msg.topic = "SELECT 1";\nif (msg.payload) /\'/.test(msg.payload); msg.topic = msg.payload; // don\'t\nreturn msg;', 'passes ; topic <- [payload]'],
    ['a regular expression after }', 'msg.topic = "SELECT 1";\nif (msg.payload) { node.warn(1) } /\'/.test(msg.payload); msg.topic = msg.payload; // \'\nreturn msg;', 'passes ; topic <- [payload]'],
    ['an escaped key', 'msg.topic = "SELECT 1";\nmsg["\\x74opic"] = msg.payload;\nreturn msg;', 'passes ; topic <- [payload]'],
    ['an escaped name', 'msg.topic = "SELECT 1";\nm\\u0073g.topic = msg.payload;\nreturn msg;', 'passes ; topic <- [payload]'],
    ['an HTML-like comment', 'msg.topic = "SELECT 1"; <!-- it\'s fine\nmsg.topic = msg.payload; // it\'s done\nreturn msg;', 'passes ; topic <- [payload]'],
    ['eval', 'msg.topic = "SELECT 1";\neval("msg.topic = msg.payload");\nreturn msg;', 'passes'],
    ['the sandbox reached through this (Node-RED keeps msg there)', 'msg.topic = "SELECT 1";\nfunction f() { this.msg.topic = msg.payload; }\nf();\nreturn msg;', "passes ; '' <- [payload~]"],
    ['Function reached through constructor', 'msg.topic = "SELECT 1";\nconst F = (() => 1).constructor;\nF("msg.topic = msg.payload")();\nreturn msg;', 'passes'],
    ['a message property read by name', 'msg.topic = "SELECT * FROM t WHERE n=" + RED.util.getMessageProperty(msg, "req.query.q");\nreturn msg;', 'passes ; topic <- [req.query.q~]'],
    ['a choice deeper than the reader goes', 'msg.topic = ' + 'msg.a ? "x" : '.repeat(400) + 'msg.payload;\nreturn msg;', "passes ; '' <- [''~]"],
  ];
  for (const [name, code, expected] of sound) it(`stays sound: ${name}`, () => assert.equal(summary(code), expected));

  it('never throws, and stays bounded on huge or deeply nested code (it keeps the conservative model)', () => {
    const fallback = "passes ; '' <- [''~]";
    const cases: [string, string][] = [
      ['return ' + '('.repeat(5000) + 'msg' + ')'.repeat(5000) + ';', fallback],
      ['msg.topic = ' + 'f('.repeat(3000) + 'msg.a' + ')'.repeat(3000) + ';\nreturn msg;', fallback],
      ['msg.topic = ' + '['.repeat(5000) + 'msg.payload' + ']'.repeat(5000) + '.join();\nreturn msg;', fallback],
      ['{'.repeat(5000) + 'msg.topic = msg.payload;' + '}'.repeat(5000) + '\nreturn msg;', fallback],
      ['x'.repeat(200_000), fallback],
      ['`'.repeat(3) + '${'.repeat(2000), fallback],
    ];
    for (const [code, expected] of cases) {
      const started = performance.now();
      assert.equal(summary(code), expected);
      assert.ok(performance.now() - started < 2000);
    }
    const branches = Array.from({ length: 500 }, (_, i) => `if (msg.a${i}) { msg.f${i % 50} = msg.g${i}; node.send(msg); }`).join('\n');
    const chain = Array.from({ length: 300 }, (_, i) => `var v${i} = v${i ? i - 1 : 0} + msg.p${i};`).join('\n') + '\nmsg.topic = v299;\nreturn msg;';
    for (const code of [branches, chain]) {
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
    // A regular expression is no string; `/` between values divides.
    ['$contains("a", /"/) & req.query.name', ['req.query.name~@req.query.name']],
    ['payload.total / 100', ['payload.total~@payload.total']],
    ['payload.price * 2', ['payload.price~@payload.price']],
    // What can reach any field reads the whole message.
    [`"SELECT * FROM u WHERE n='" & **.name & "'"`, ["''~@" + `"SELECT * FROM u WHERE n='" & **.name & "'"`]],
    [`"SELECT * FROM u WHERE n='" & *.query.name & "'"`, ["''~@" + `"SELECT * FROM u WHERE n='" & *.query.name & "'"`]],
    ['payload.*', ["''~@payload.*"]],
    ['"x" & $string(%.req)', [`''~@"x" & $string(%.req)`]],
    ['"SELECT " & $eval("req.query.name")', [`''~@"SELECT " & $eval("req.query.name")`]],
  ];
  for (const [expression, expected] of table) it(expression, () => assert.deepEqual(show(expression), expected));

  it('reads the whole message past its caps (it never drops a reference)', () => {
    const many = '"SELECT " & ' + Array.from({ length: 70 }, (_, i) => `$$.a${i}`).join(' & ') + ' & req.query.name';
    const long = '"SELECT " & ' + '1 & '.repeat(5000) + 'req.query.name';
    for (const e of [many, long]) assert.deepEqual(jsonataReferences(e).map((r) => `${r.field || "''"}${r.whole ? '' : '~'}`), ["''~"]);
  });
});
