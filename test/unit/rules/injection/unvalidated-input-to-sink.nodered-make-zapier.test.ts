import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

const tab = { id: 't1', type: 'tab', label: 'API' };
const httpIn = (wires: string[]) => ({ id: 'in', type: 'http in', z: 't1', name: 'Run job', url: '/job', method: 'post', x: 100, y: 100, wires: [wires] });
const sqlite = { id: 'db', type: 'sqlite', z: 't1', mydb: 'cfg', sqlquery: 'msg.topic', sql: '', name: 'Query', x: 500, y: 100, wires: [[]] };
const build = (func: string) => ({ id: 'fn', type: 'function', z: 't1', name: 'Build', func, outputs: 1, x: 300, y: 100, wires: [['db']] });
/** A change node that sets msg.topic to a constant query before the function. */
const defaultQuery = { id: 'ch', type: 'change', z: 't1', name: 'Default query', rules: [{ t: 'set', p: 'topic', pt: 'msg', to: 'SELECT 1', tot: 'str' }], x: 200, y: 100, wires: [['fn']] };
const jsonataQuery = (to: string) => ({ id: 'set', type: 'change', z: 't1', name: 'SQL', rules: [{ t: 'set', p: 'topic', pt: 'msg', to, tot: 'jsonata' }], x: 300, y: 100, wires: [['db']] });

/**
 * Function code that lets request data into msg.topic (each was run as Node-RED runs it, with an attacker's values):
 * the reader must never call the topic a constant. `upstream`: a change node set the topic to a constant before.
 */
const unsound: [name: string, func: string, from: RegExp, upstream?: boolean][] = [
  ['an arrow stored in a variable appends to the query', 'let s = "SELECT * FROM t WHERE a = ";\nconst add = (v) => { s = s + v; };\nadd(msg.payload);\nmsg.topic = s;\nreturn msg;', /topic or payload/],
  ['values pushed into an array, then joined', 'const cond = [];\nif (msg.req.query.name) cond.push(`name = \'${msg.req.query.name}\'`);\nmsg.topic = "SELECT * FROM users WHERE " + cond.join(" AND ");\nreturn msg;', /req\.query\.name/],
  ['array destructuring writes the topic', 'msg.topic = "SELECT 1";\n[msg.topic] = [msg.payload];\nreturn msg;', /payload/],
  ['object destructuring writes the topic', 'msg.topic = "SELECT 1";\n({topic: msg.topic} = msg.req.query);\nreturn msg;', /req\.query\.topic/],
  ['destructuring into a local', 'let t = "SELECT 1";\n({ t } = { t: msg.payload });\nmsg.topic = t;\nreturn msg;', /payload/],
  ['for…of into a variable declared before', 'let t = "SELECT 1";\nfor (t of [msg.payload]) {}\nmsg.topic = t;\nreturn msg;', /payload/],
  ['a parenthesised target', 'msg.topic = "SELECT 1";\n(msg.topic) = msg.payload;\nreturn msg;', /payload/],
  ['msg kept in an object', 'msg.topic = "SELECT 1";\nvar o = {m: msg};\no.m.topic = msg.payload;\nreturn msg;', /payload/],
  ['a write in an earlier switch case, a return in a later one', 'switch (msg.req.query.mode) {\n  case "safe":\n    node.warn("safe");\n    msg.topic = "SELECT 1";\n    break;\n  case "raw":\n    return msg;\n}\nreturn null;', /topic/],
  ['a return in a for await loop', 'for await (const x of [1]) { if (msg.req.query.raw) return msg; }\nmsg.topic = "SELECT 1";\nreturn msg;', /topic/],
  ['a regular expression after )', 'msg.topic = "SELECT 1";\nif (msg.payload) /\'/.test(msg.payload); msg.topic = msg.payload; // don\'t\nreturn msg;', /payload/],
  ['an escaped key', 'msg.topic = "SELECT 1";\nmsg["\\x74opic"] = msg.payload;\nreturn msg;', /payload/],
  ['an escaped name', 'msg.topic = "SELECT 1";\nm\\u0073g.topic = msg.payload;\nreturn msg;', /payload/],
  ['eval', 'msg.topic = "SELECT 1";\neval("msg.topic = msg.payload");\nreturn msg;', /topic/],
  ['a context value it stored itself', 'flow.set("q", msg.req.query.q);\nmsg.topic = "SELECT * FROM t WHERE n=\'" + flow.get("q") + "\'";\nreturn msg;', /topic or req\.query\.q/],
  ['a message property read by name', 'msg.topic = "SELECT * FROM t WHERE n=" + RED.util.getMessageProperty(msg, "req.query.q");\nreturn msg;', /req\.query\.q/],
  ['a field read through destructuring', 'const { req } = msg;\nmsg.topic = "SELECT * FROM t WHERE n=\'" + req.query.name + "\'";\nreturn msg;', /req\.query\.name/, true],
  ['a helper that changes msg', 'helper(msg);\nreturn msg;\nfunction helper(m) { m.topic = "SELECT * FROM t WHERE n=" + m.payload; }', /the input/, true],
  ['a helper that changes msg after another write', 'msg.x = 1; helper(msg);\nreturn msg;\nfunction helper(m) { m.topic = "SELECT * FROM t WHERE n=" + m.payload; }', /the input/, true],
  ['a helper with a msg parameter', 'function build(msg) { msg.topic = "SELECT * FROM t WHERE n=" + msg.payload; return msg; }\nreturn build(msg);', /payload/, true],
  ['a helper that returns a new message', 'return build();\nfunction build() { return { topic: "SELECT * FROM t WHERE n=" + msg.payload }; }', /payload/, true],
  ['code too long to read', 'msg.topic = "SELECT * FROM t WHERE n=" + msg.payload;\nvar pad = [' + '1,'.repeat(25_000) + '1];\nreturn msg;', /payload/, true],
  ['a clone changed', 'const out = RED.util.cloneMessage(msg); out.topic = "SELECT " + out.payload; return out;', /payload/, true],
  ['the topic built from the payload', 'msg.topic = "SELECT * FROM t WHERE n=" + msg.payload;\nreturn msg;', /payload/, true],
  // A third reader's: msg thrown and caught under another name, read back from an object, or a prototype given fields.
  ['msg thrown and caught as m', 'msg.topic = "c";\ntry { throw msg; } catch (m) { m.topic = m.payload; }\nreturn msg;', /.+/],
  ['msg thrown in an object, caught by destructuring', 'msg.topic = "c";\ntry { throw { m: msg }; } catch ({ m }) { m.topic = m.payload; }\nreturn msg;', /.+/],
  ['msg read back through Object.values', 'msg.topic = "c";\nObject.values({ a: msg })[0].topic = msg.payload;\nreturn msg;', /.+/],
  ['msg read back through Object.entries in a loop', 'msg.topic = "c";\nconst o = { a: msg };\nfor (const [, v] of Object.entries(o)) v.topic = v.payload;\nreturn msg;', /.+/],
  ['a field given to every object through Object.prototype', 'Object.prototype.topic = msg.payload;\nreturn { payload: 1 };', /.+/],
  ['a field given through getPrototypeOf', 'Object.getPrototypeOf({}).topic = msg.payload;\nreturn { payload: 1 };', /.+/],
];

const nodeRed: FlowCase[] = [
  {
    name: 'an HTTP endpoint whose payload is appended to a command (direct)',
    text: nodeRedFlow(tab, httpIn(['exec']), { id: 'exec', type: 'exec', z: 't1', name: 'Convert', command: 'convert', addpay: 'payload', append: '', x: 300, y: 100, wires: [[], [], []] }),
    expected: [{ covers: '"addpay"', message: /^Command injection: the shell command of "Convert" is built from payload of "Run job" \(POST \/job\); it appends msg\.payload to the command "convert"/, related: 2 }],
  },
  {
    name: 'a query parameter moved into msg.filename by a change node',
    text: nodeRedFlow(
      tab,
      httpIn(['set']),
      { id: 'set', type: 'change', z: 't1', name: 'Pick file', rules: [{ t: 'set', p: 'filename', pt: 'msg', to: 'req.query.f', tot: 'msg' }], x: 300, y: 100, wires: [['read']] },
      { id: 'read', type: 'file in', z: 't1', name: 'Read', filename: '', format: 'utf8', x: 500, y: 100, wires: [[]] },
    ),
    expected: [{ covers: '"filename"', nth: 1, message: /^Path traversal: the file path of "Read" is built from req\.query\.f of "Run job" \(POST \/job\), via "Pick file"/, related: 3 }],
  },
  {
    name: 'a payload through a delay and link nodes (loop-free relay) into a function that evals',
    text: nodeRedFlow(
      tab,
      httpIn(['d']),
      { id: 'd', type: 'delay', z: 't1', name: 'Throttle', pauseType: 'rate', x: 200, y: 100, wires: [['lo']] },
      { id: 'lo', type: 'link out', z: 't1', name: 'to worker', links: ['li'], x: 300, y: 100, wires: [] },
      { id: 'li', type: 'link in', z: 't1', name: 'worker', links: ['lo'], x: 100, y: 200, wires: [['fn']] },
      { id: 'fn', type: 'function', z: 't1', name: 'Evaluate', func: 'msg.payload = eval(msg.payload.expr);\nreturn msg;', outputs: 1, x: 300, y: 200, wires: [[]] },
    ),
    expected: [{ covers: 'eval(', message: /^Code injection: the evaluated code of "Evaluate" is built from payload of "Run job" \(POST \/job\), via "Throttle" → "to worker" → "worker"/ }],
  },
  // A link call passes on only what its chain returns: a chain that replaces the payload ends the taint; one that
  // passes it on is a hop of the message's way.
  {
    name: 'a link call whose chain replaces the payload with a constant before a command (no finding)',
    text: nodeRedFlow(
      tab,
      httpIn(['call']),
      { id: 'call', type: 'link call', z: 't1', name: 'Sanitize', links: ['li'], linkType: 'static', timeout: '30', x: 200, y: 100, wires: [['exec']] },
      { id: 'exec', type: 'exec', z: 't1', name: 'Convert', command: 'ls', addpay: 'payload', append: '', x: 300, y: 100, wires: [[], [], []] },
      { id: 'li', type: 'link in', z: 't1', name: 'sanitize in', links: [], x: 100, y: 200, wires: [['fix']] },
      { id: 'fix', type: 'change', z: 't1', name: 'Fixed argument', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '-la', tot: 'str' }], x: 200, y: 200, wires: [['back']] },
      { id: 'back', type: 'link out', z: 't1', name: '', mode: 'return', links: [], x: 300, y: 200, wires: [] },
    ),
    expected: [],
  },
  {
    name: 'a link call whose chain passes the payload on to a command (the chain is on the way)',
    text: nodeRedFlow(
      tab,
      httpIn(['call']),
      { id: 'call', type: 'link call', z: 't1', name: 'Log it', links: ['li'], linkType: 'static', timeout: '30', x: 200, y: 100, wires: [['exec']] },
      { id: 'exec', type: 'exec', z: 't1', name: 'Convert', command: 'convert', addpay: 'payload', append: '', x: 300, y: 100, wires: [[], [], []] },
      { id: 'li', type: 'link in', z: 't1', name: 'log in', links: [], x: 100, y: 200, wires: [['back']] },
      { id: 'back', type: 'link out', z: 't1', name: 'log back', mode: 'return', links: [], x: 300, y: 200, wires: [] },
    ),
    expected: [{ covers: '"addpay"', message: /^Command injection: the shell command of "Convert" is built from payload of "Run job" \(POST \/job\), via "Log it" → "log in" → "log back"/ }],
  },
  {
    name: 'an MQTT message rendered into the SQL a mysql node runs',
    text: nodeRedFlow(
      tab,
      { id: 'mq', type: 'mqtt in', z: 't1', name: 'Readings', topic: 'sensors/#', broker: 'b1', x: 100, y: 100, wires: [['tpl']] },
      { id: 'tpl', type: 'template', z: 't1', name: 'Build SQL', field: 'topic', fieldType: 'msg', template: "INSERT INTO readings VALUES ('{{payload.sensor}}')", x: 300, y: 100, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't1', name: 'Store', mydb: 'cfg', x: 500, y: 100, wires: [[]] },
    ),
    expected: [{ covers: '"mysql"', message: /^SQL injection: the SQL query text of "Store" is built from payload\.sensor of "Readings", via "Build SQL"/ }],
  },
  {
    name: "an id in an MQTT message rendered into the SQL (the publisher wrote it, not an app)",
    text: nodeRedFlow(
      tab,
      { id: 'mq', type: 'mqtt in', z: 't1', name: 'Readings', topic: 'sensors/#', broker: 'b1', x: 100, y: 100, wires: [['tpl']] },
      { id: 'tpl', type: 'template', z: 't1', name: 'Build SQL', field: 'topic', fieldType: 'msg', template: "DELETE FROM readings WHERE sensor = '{{payload.sensor_id}}'", x: 300, y: 100, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't1', name: 'Store', mydb: 'cfg', x: 500, y: 100, wires: [[]] },
    ),
    expected: [{ covers: '"mysql"', message: /^SQL injection: the SQL query text of "Store" is built from payload\.sensor_id of "Readings"/ }],
  },
  {
    name: 'a switch node that checks the payload with a regex first',
    text: nodeRedFlow(
      tab,
      httpIn(['sw']),
      { id: 'sw', type: 'switch', z: 't1', name: 'Safe name?', property: 'payload', propertyType: 'msg', rules: [{ t: 'regex', v: '^[a-z0-9_-]+$' }], x: 200, y: 100, wires: [['exec']] },
      { id: 'exec', type: 'exec', z: 't1', name: 'Convert', command: 'convert', addpay: 'payload', x: 300, y: 100, wires: [[], [], []] },
    ),
    expected: [],
  },
  {
    name: "a switch node's otherwise port into the command (what the regex rejected)",
    text: nodeRedFlow(
      tab,
      httpIn(['sw']),
      { id: 'sw', type: 'switch', z: 't1', name: 'Safe name?', property: 'payload', propertyType: 'msg', rules: [{ t: 'regex', v: '^[a-z0-9_-]+$' }, { t: 'else' }], x: 200, y: 100, wires: [[], ['exec']] },
      { id: 'exec', type: 'exec', z: 't1', name: 'Convert', command: 'convert', addpay: 'payload', x: 300, y: 100, wires: [[], [], []] },
    ),
    expected: [{ covers: '"addpay"', message: /^Command injection: .* via "Safe name\?"/ }],
  },
  {
    name: 'a fixed URL set by a change node before the request',
    text: nodeRedFlow(
      tab,
      httpIn(['set']),
      { id: 'set', type: 'change', z: 't1', name: 'Target', rules: [{ t: 'set', p: 'url', pt: 'msg', to: 'https://api.example.com/jobs', tot: 'str' }], x: 300, y: 100, wires: [['req']] },
      { id: 'req', type: 'http request', z: 't1', name: 'Submit', method: 'POST', url: '', x: 500, y: 100, wires: [[]] },
    ),
    expected: [],
  },
  // Function nodes: what their code writes into msg.
  {
    name: 'a function that sets msg.topic to a constant query before sqlite',
    text: nodeRedFlow(
      tab,
      httpIn(['fn']),
      { id: 'fn', type: 'function', z: 't1', name: 'Build', func: 'msg.topic = "SELECT id, name, price FROM products ORDER BY name";\nreturn msg;', outputs: 1, x: 300, y: 100, wires: [['db']] },
      sqlite,
    ),
    expected: [],
  },
  {
    name: 'a function that writes a query parameter into msg.topic (the parameter is named)',
    text: nodeRedFlow(
      tab,
      httpIn(['fn']),
      { id: 'fn', type: 'function', z: 't1', name: 'Build', func: 'msg.topic = "SELECT * FROM users WHERE name = \'" + msg.req.query.name + "\'";\nreturn msg;', outputs: 1, x: 300, y: 100, wires: [['db']] },
      sqlite,
    ),
    expected: [{ covers: '"sqlquery"', message: /^SQL injection: the SQL query text of "Query" is built from req\.query\.name of "Run job" \(POST \/job\), via "Build"/, related: 3 }],
  },
  {
    name: 'a function that sets a constant query only in a braceless if (the other way passes msg.topic on)',
    text: nodeRedFlow(
      tab,
      httpIn(['fn']),
      { id: 'fn', type: 'function', z: 't1', name: 'Build', func: 'if (msg.payload.all) msg.topic = "SELECT * FROM products";\nreturn msg;', outputs: 1, x: 300, y: 100, wires: [['db']] },
      sqlite,
    ),
    expected: [{ covers: '"sqlquery"', message: /is built from topic of "Run job"/ }],
  },
  {
    name: 'a function that returns a new message with a constant query',
    text: nodeRedFlow(tab, httpIn(['fn']), { id: 'fn', type: 'function', z: 't1', name: 'Build', func: 'return { topic: "SELECT 1", payload: msg.payload };', outputs: 1, x: 300, y: 100, wires: [['db']] }, sqlite),
    expected: [],
  },
  {
    name: 'a function that returns a new message with a query built from the payload',
    text: nodeRedFlow(tab, httpIn(['fn']), { id: 'fn', type: 'function', z: 't1', name: 'Build', func: 'const sql = `DELETE FROM jobs WHERE id = ${msg.payload.id}`;\nreturn { topic: sql };', outputs: 1, x: 300, y: 100, wires: [['db']] }, sqlite),
    expected: [{ covers: '"sqlquery"', message: /is built from payload\.id of "Run job"/ }],
  },
  {
    name: 'a function whose query comes from a call it cannot follow (what the code reads)',
    text: nodeRedFlow(tab, httpIn(['fn']), { id: 'fn', type: 'function', z: 't1', name: 'Build', func: 'msg.topic = build(msg.payload.filter);\nreturn msg;\nfunction build(f) { return "SELECT * FROM t WHERE " + f; }', outputs: 1, x: 300, y: 100, wires: [['db']] }, sqlite),
    expected: [{ covers: '"sqlquery"', message: /is built from payload\.filter of "Run job"/ }],
  },
  ...unsound.map(([name, func, from, upstream]): FlowCase => ({
    name: `a function whose code lets input into the query: ${name}${upstream ? ' (after a constant query)' : ''}`,
    text: upstream ? nodeRedFlow(tab, httpIn(['ch']), defaultQuery, build(func), sqlite) : nodeRedFlow(tab, httpIn(['fn']), build(func), sqlite),
    expected: [
      ...(name === 'eval' ? [{ covers: 'eval(', message: /^Code injection: the evaluated code of "Build"/ }] : []),
      { covers: '"sqlquery"', message: new RegExp(`^SQL injection: the SQL query text of "Query" is built from (${from.source}) of "Run job" \\(POST /job\\), via ${upstream ? '"Default query" → ' : ''}"Build"`) },
    ],
  })),
  {
    // Nesting deeper than the parser's stack: the rule finishes, keeps the function conservative, and keeps the file's other findings.
    name: 'a function nested too deep to read, beside a command built from another request',
    text: nodeRedFlow(
      tab,
      { id: 'inA', type: 'http in', z: 't1', name: 'A', url: '/a', method: 'post', x: 100, y: 100, wires: [['execA']] },
      { id: 'execA', type: 'exec', z: 't1', name: 'Convert', command: 'convert', addpay: 'payload', x: 300, y: 100, wires: [[], [], []] },
      { id: 'inB', type: 'http in', z: 't1', name: 'B', url: '/b', method: 'post', x: 100, y: 200, wires: [['fnB']] },
      { id: 'fnB', type: 'function', z: 't1', name: 'Deep', func: 'return ' + '('.repeat(4000) + 'msg' + ')'.repeat(4000) + ';', outputs: 1, x: 300, y: 200, wires: [['db']] },
      sqlite,
    ),
    expected: [
      { covers: '"addpay"', message: /^Command injection: the shell command of "Convert" is built from payload of "A"/ },
      { covers: '"sqlquery"', message: /^SQL injection: the SQL query text of "Query" is built from topic of "B" \(POST \/b\), via "Deep"/ },
    ],
  },
  // Change nodes with JSONata, and template text.
  {
    name: 'a change rule whose JSONata expression builds the query from a query parameter',
    text: nodeRedFlow(
      tab,
      httpIn(['set']),
      { id: 'set', type: 'change', z: 't1', name: 'SQL', rules: [{ t: 'set', p: 'topic', pt: 'msg', to: `"SELECT * FROM users WHERE name = '" & req.query.name & "'"`, tot: 'jsonata' }], x: 300, y: 100, wires: [['db']] },
      sqlite,
    ),
    expected: [{ covers: '"sqlquery"', message: /is built from req\.query\.name of "Run job" \(POST \/job\), via "SQL"/, related: 3 }],
  },
  {
    name: 'a change rule whose JSONata has a regular expression with a quote',
    text: nodeRedFlow(tab, httpIn(['set']), jsonataQuery(`$contains("a", /"/) & "SELECT * FROM u WHERE n='" & req.query.name & "'"`), sqlite),
    expected: [{ covers: '"sqlquery"', message: /is built from req\.query\.name of "Run job" \(POST \/job\), via "SQL"/ }],
  },
  ...[`"SELECT * FROM u WHERE n='" & **.name & "'"`, `"SELECT * FROM u WHERE n='" & *.query.name & "'"`, `"SELECT " & $eval("req.query.name")`].map((to): FlowCase => ({
    name: `a change rule whose JSONata can read any field: ${to}`,
    text: nodeRedFlow(tab, httpIn(['set']), jsonataQuery(to), sqlite),
    expected: [{ covers: '"sqlquery"', message: /is built from the input of "Run job" \(POST \/job\), via "SQL"/ }],
  })),
  {
    name: 'a change rule that replaces part of the query with a message field',
    text: nodeRedFlow(
      tab,
      httpIn(['q']),
      { id: 'q', type: 'change', z: 't1', name: 'Query', rules: [{ t: 'set', p: 'topic', pt: 'msg', to: 'SELECT * FROM t WHERE id = ID', tot: 'str' }, { t: 'change', p: 'topic', pt: 'msg', from: 'ID', fromt: 'str', to: 'payload.id', tot: 'msg' }], x: 300, y: 100, wires: [['db']] },
      sqlite,
    ),
    expected: [{ covers: '"sqlquery"', message: /is built from payload\.id of "Run job"/ }],
  },
  {
    name: 'a plain-text template (no {{ }} is filled in) as the query',
    text: nodeRedFlow(
      tab,
      httpIn(['tpl']),
      { id: 'tpl', type: 'template', z: 't1', name: 'Query', field: 'topic', fieldType: 'msg', syntax: 'plain', template: 'SELECT * FROM t WHERE id = {{payload.id}}', x: 300, y: 100, wires: [['db']] },
      sqlite,
    ),
    expected: [],
  },
  // Switch checks: a string, JSON or buffer type, or a comparison with another field of the message, restricts nothing.
  {
    name: 'a switch that checks the file name is a string',
    text: nodeRedFlow(
      tab,
      httpIn(['sw']),
      { id: 'sw', type: 'switch', z: 't1', name: 'String?', property: 'payload.file', propertyType: 'msg', rules: [{ t: 'istype', v: 'string', vt: 'string' }], outputs: 1, x: 200, y: 100, wires: [['set']] },
      { id: 'set', type: 'change', z: 't1', name: 'Set filename', rules: [{ t: 'set', p: 'filename', pt: 'msg', to: 'payload.file', tot: 'msg' }], x: 300, y: 100, wires: [['read']] },
      { id: 'read', type: 'file in', z: 't1', name: 'Read', filename: '', filenameType: 'msg', format: 'utf8', x: 500, y: 100, wires: [[]] },
    ),
    expected: [{ covers: '"filename"', nth: 1, message: /^Path traversal: .* payload\.file of "Run job" .* "String\?" checks it in a way that does not restrict its characters\./ }],
  },
  {
    name: 'a switch that checks the file name is a number',
    text: nodeRedFlow(
      tab,
      httpIn(['sw']),
      { id: 'sw', type: 'switch', z: 't1', name: 'Number?', property: 'filename', propertyType: 'msg', rules: [{ t: 'istype', v: 'number', vt: 'number' }], outputs: 1, x: 200, y: 100, wires: [['read']] },
      { id: 'read', type: 'file in', z: 't1', name: 'Read', filename: '', filenameType: 'msg', format: 'utf8', x: 500, y: 100, wires: [[]] },
    ),
    expected: [],
  },
  {
    name: 'a switch that compares the payload with another field of the same message',
    text: nodeRedFlow(
      tab,
      httpIn(['sw']),
      { id: 'sw', type: 'switch', z: 't1', name: 'Confirmed?', property: 'payload', propertyType: 'msg', rules: [{ t: 'eq', v: 'req.query.confirm', vt: 'msg' }], outputs: 1, x: 200, y: 100, wires: [['exec']] },
      { id: 'exec', type: 'exec', z: 't1', name: 'Convert', command: 'convert', addpay: 'payload', x: 300, y: 100, wires: [[], [], []] },
    ),
    expected: [{ covers: '"addpay"', message: /"Confirmed\?" checks it in a way that does not restrict its characters/ }],
  },
  {
    // The body of a request is what it sends, not where: only the URL can be SSRF.
    name: 'a POST request with a fixed URL that sends the payload as its body',
    text: nodeRedFlow(tab, httpIn(['req']), { id: 'req', type: 'http request', z: 't1', name: 'Submit', method: 'POST', url: 'https://api.example.com/jobs', x: 300, y: 100, wires: [[]] }),
    expected: [],
  },
  {
    name: 'an inject node (no untrusted input)',
    text: nodeRedFlow(tab, { id: 'i', type: 'inject', z: 't1', name: 'Go', x: 100, y: 100, wires: [['exec']] }, { id: 'exec', type: 'exec', z: 't1', name: 'Convert', command: 'convert', addpay: true, x: 300, y: 100, wires: [[], [], []] }),
    expected: [],
  },
];

const hook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1234 }, mapper: {}, metadata: { designer: { x: 0, y: 0, name: 'Job hook' } } };
const httpModule = (id: number, url: string, extra: object = {}) => ({ id, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url, method: 'get' }, metadata: { designer: { x: 300, y: 0, name: 'Call back' } }, ...extra });

const make: FlowCase[] = [
  {
    name: 'a Make webhook field as the URL of an HTTP module (direct)',
    text: makeBlueprint(hook, httpModule(2, '{{1.callback}}')),
    expected: [{ covers: '1.callback', message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Call back" comes from callback of "Job hook"/ }],
  },
  {
    name: 'a Make webhook field through Set variable',
    text: makeBlueprint(hook, { id: 2, module: 'util:SetVariable2', version: 1, mapper: { name: 'target', scope: 'roundtrip', value: '{{1.callback}}' }, metadata: { designer: { x: 150, y: 0, name: 'Remember' } } }, httpModule(3, '{{2.target}}')),
    expected: [{ covers: '2.target', message: /comes from callback of "Job hook", via "Remember"/ }],
  },
  {
    name: 'a Make iterator over the webhook items (loop)',
    text: makeBlueprint(hook, { id: 2, module: 'builtin:BasicFeeder', version: 1, mapper: { array: '{{1.targets}}' }, metadata: { designer: { x: 150, y: 0, name: 'Each target' } } }, httpModule(3, '{{2.url}}')),
    expected: [{ covers: '2.url', message: /comes from targets\.url of "Job hook", via "Each target"/ }],
  },
  {
    name: 'a Make filter on the module that checks the URL pattern',
    text: makeBlueprint(hook, httpModule(2, '{{1.callback}}', { filter: { name: 'Allowed host', conditions: [[{ a: '{{1.callback}}', b: '^https://hooks\\.example\\.com/', o: 'text:pattern' }]] } })),
    expected: [],
  },
  {
    name: 'a Make URL with input only in the query string',
    text: makeBlueprint(hook, httpModule(2, 'https://api.example.com/jobs?id={{1.id}}')),
    expected: [],
  },
];

const zapier: FlowCase[] = [
  {
    name: 'a Zapier catch hook field as the URL of a webhook request',
    text: zapierExport({
      '1': { id: 1, parent_id: null, selected_api: 'WebHookCLIAPI@1.0.0', action: 'catch_hook', params: {}, title: 'Catch' },
      '2': { id: 2, parent_id: 1, selected_api: 'WebHookCLIAPI@1.0.0', action: 'post', params: { url: '{{1__callback_url}}', data: {} }, title: 'Notify' },
    }),
    expected: [{ covers: '{{1__callback_url}}', message: /comes from callback_url of "Catch"/ }],
  },
];

describe(`${RULE} (Node-RED)`, () => {
  runFlowTable(RULE, nodeRed);
  it('reads thirty functions of deeply nested calls in bounded time (the work grows with the code, not its nesting squared)', () => {
    const func = 'msg.topic = ' + 'f('.repeat(2850) + 'msg.a' + ', msg.b'.repeat(2850) + ')'.repeat(2850) + ';return msg;';
    const text = nodeRedFlow(
      tab,
      { id: 'in', type: 'http in', z: 't1', name: 'A', url: '/a', method: 'post', x: 100, y: 100, wires: [['f0']] },
      ...Array.from({ length: 30 }, (_, i) => ({ id: `f${i}`, type: 'function', z: 't1', name: `F${i}`, func, outputs: 1, x: 300, y: 100, wires: [[i < 29 ? `f${i + 1}` : 'db']] })),
      sqlite,
    );
    const started = performance.now();
    const findings = flowFindings(RULE, { text });
    assert.ok(performance.now() - started < 5000, `${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /^SQL injection: the SQL query text of "Query" is built from topic of "A"/);
  });
});
describe(`${RULE} (Make)`, () => runFlowTable(RULE, make));
describe(`${RULE} (Zapier)`, () => runFlowTable(RULE, zapier));
