// Node-RED flow and global context: a change rule that reads a context key (`tot: flow`) holds what the nodes that write
// that key put there. A key written from request data by any node of the export (a change rule, function code) carries
// that data; a key written only with constants stays a constant. Flow keys are shared within a tab, global keys everywhere.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

const tab = { id: 't1', type: 'tab', label: 'API' };
const otherTab = { id: 't2', type: 'tab', label: 'Jobs' };
const httpIn = { id: 'in', type: 'http in', z: 't1', name: 'Search', url: '/search', method: 'get', wires: [['store']] };
/** The request's side: a node that stores something in the context (`rules` of a change node, or function code). */
const store = (rules: object[]) => ({ id: 'store', type: 'change', z: 't1', name: 'Remember', rules, wires: [[]] });
const storeCode = (func: string) => ({ id: 'store', type: 'function', z: 't1', name: 'Remember', func, outputs: 1, wires: [[]] });
/** The other side, started by a timer: a change node that reads the context into msg.topic, then a SQLite query of msg.topic. */
const tick = (z = 't1') => ({ id: 'tick', type: 'inject', z, name: 'Every hour', repeat: '3600', wires: [['read']] });
const read = (rules: object[], z = 't1') => ({ id: 'read', type: 'change', z, name: 'Query', rules, wires: [['db']] });
const db = (z = 't1') => ({ id: 'db', type: 'sqlite', z, mydb: 'cfg', sqlquery: 'msg.topic', sql: '', name: 'Run query', wires: [[]] });
const topicFrom = (to: string, tot = 'flow') => [{ t: 'set', p: 'topic', pt: 'msg', to, tot }];
const flowOf = (writer: object, rules: object[], z = 't1', ...more: object[]) => nodeRedFlow(tab, ...more, httpIn, writer, tick(z), read(rules, z), db(z));

const cases: FlowCase[] = [
  {
    name: 'a query read from a flow key a change rule set from a query parameter',
    text: flowOf(store([{ t: 'set', p: 'q', pt: 'flow', to: 'req.query.q', tot: 'msg' }]), topicFrom('q')),
    expected: [{ covers: '"sqlquery"', message: /is built from req\.query\.q of "Search" \(GET \/search\), via "Query"/ }],
  },
  { name: 'a query read from a flow key set only to a constant', text: flowOf(store([{ t: 'set', p: 'q', pt: 'flow', to: 'SELECT 1', tot: 'str' }]), topicFrom('q')), expected: [] },
  { name: 'a query read from another flow key than the one set from the request', text: flowOf(store([{ t: 'set', p: 'q', pt: 'flow', to: 'req.query.q', tot: 'msg' }]), topicFrom('saved')), expected: [] },
  {
    name: 'a query read from a global key a change rule set from the request, in another tab',
    text: flowOf(store([{ t: 'set', p: 'q', pt: 'global', to: 'req.query.q', tot: 'msg' }]), topicFrom('q', 'global'), 't2', otherTab),
    expected: [{ covers: '"sqlquery"', message: /built from req\.query\.q of "Search"/ }],
  },
  { name: 'a query read from a flow key of the same name that only another tab sets', text: flowOf(store([{ t: 'set', p: 'q', pt: 'flow', to: 'req.query.q', tot: 'msg' }]), topicFrom('q'), 't2', otherTab), expected: [] },
  {
    name: 'a query read from a field of a flow key set to the whole query string',
    text: flowOf(store([{ t: 'set', p: 'search', pt: 'flow', to: 'req.query', tot: 'msg' }]), topicFrom('search.q')),
    expected: [{ covers: '"sqlquery"', message: /built from req\.query\.q of "Search"/ }],
  },
  {
    name: 'a query read from a field of a flow key written with brackets (search["q"])',
    text: flowOf(store([{ t: 'set', p: 'search', pt: 'flow', to: 'req.query', tot: 'msg' }]), topicFrom('search["q"]')),
    expected: [{ covers: '"sqlquery"', message: /built from req\.query\.q of "Search"/ }],
  },
  {
    name: 'a query read from a flow key (in a file store) a query parameter was moved into',
    text: flowOf(store([{ t: 'move', p: 'req.query.q', pt: 'msg', to: '#:(file)::q', tot: 'flow' }]), topicFrom('#:(file)::q')),
    expected: [{ covers: '"sqlquery"', message: /built from req\.query\.q of "Search"/ }],
  },
  {
    name: 'a query moved out of a flow key set from the request',
    text: flowOf(store([{ t: 'set', p: 'q', pt: 'flow', to: 'req.query.q', tot: 'msg' }]), [{ t: 'move', p: 'q', pt: 'flow', to: 'topic', tot: 'msg' }]),
    expected: [{ covers: '"sqlquery"', message: /built from req\.query\.q of "Search"/ }],
  },
  {
    name: 'a query read from a flow key that function code sets from the request',
    text: flowOf(storeCode("flow.set('q', msg.req.query.q);\nreturn msg;"), topicFrom('q')),
    expected: [{ covers: '"sqlquery"', message: /built from req\.query\.q of "Search"/ }],
  },
  {
    name: 'a query read from a flow key that function code sets under a computed name',
    text: flowOf(storeCode('flow.set(msg.req.query.name, msg.req.query.q);\nreturn msg;'), topicFrom('q')),
    expected: [{ covers: '"sqlquery"', message: /built from req\.query\.name or req\.query\.q of "Search"/ }],
  },
  { name: 'a query read from a flow key that function code sets to a constant', text: flowOf(storeCode("flow.set('q', 'SELECT 1');\nreturn null;"), topicFrom('q')), expected: [] },
  {
    name: 'a query that replaces part of a constant with a flow key set from the request',
    text: flowOf(store([{ t: 'set', p: 'name', pt: 'flow', to: 'req.query.name', tot: 'msg' }]), [
      { t: 'set', p: 'topic', pt: 'msg', to: "SELECT * FROM users WHERE name = 'NAME'", tot: 'str' },
      { t: 'change', p: 'topic', pt: 'msg', from: 'NAME', fromt: 'str', to: 'name', tot: 'flow' },
    ]),
    expected: [{ covers: '"sqlquery"', message: /built from req\.query\.name of "Search"/ }],
  },
  {
    name: "a query JSONata builds with $flowContext of a key set from the request",
    text: flowOf(store([{ t: 'set', p: 'q', pt: 'flow', to: 'req.query.q', tot: 'msg' }]), [{ t: 'set', p: 'topic', pt: 'msg', to: `"SELECT * FROM t WHERE n = '" & $flowContext('q') & "'"`, tot: 'jsonata' }]),
    expected: [{ covers: '"sqlquery"', message: /built from req\.query\.q of "Search"/ }],
  },
  {
    name: 'a query a template fills in with {{flow.q}}, a key set from the request',
    text: nodeRedFlow(
      tab,
      httpIn,
      store([{ t: 'set', p: 'q', pt: 'flow', to: 'req.query.q', tot: 'msg' }]),
      tick(),
      { id: 'read', type: 'template', z: 't1', name: 'Query', field: 'topic', fieldType: 'msg', syntax: 'mustache', template: "SELECT * FROM t WHERE n = '{{flow.q}}'", wires: [['db']] },
      db(),
    ),
    expected: [{ covers: '"sqlquery"', message: /built from req\.query\.q of "Search"/ }],
  },
  {
    name: 'a query read from a flow key a template node wrote from the request',
    text: flowOf({ id: 'store', type: 'template', z: 't1', name: 'Remember', field: 'q', fieldType: 'flow', syntax: 'mustache', template: '{{req.query.q}}', wires: [[]] }, topicFrom('q')),
    expected: [{ covers: '"sqlquery"', message: /built from req\.query\.q of "Search"/ }],
  },
  {
    name: 'a constant query after a query parameter was moved into a flow key of the same name',
    text: nodeRedFlow(
      tab,
      { ...httpIn, wires: [['store']] },
      { ...store([{ t: 'set', p: 'topic', pt: 'msg', to: 'SELECT 1', tot: 'str' }, { t: 'move', p: 'req.query.q', pt: 'msg', to: 'topic', tot: 'flow' }]), wires: [['db']] },
      db(),
    ),
    expected: [],
  },
];

// A second reader's cases: keys copied into other keys, keys code names in other ways, and other readers of a key.
const SET_Q = { t: 'set', p: 'q', pt: 'flow', to: 'req.query.q', tot: 'msg' };
const FROM_SEARCH = /built from req\.query\.q of "Search"/;
/** The timer side read by `node` (id `read`, wired to the query) instead of a change node. */
const readBy = (node: object, writer: object = store([SET_Q])) => nodeRedFlow(tab, httpIn, writer, tick(), { id: 'read', z: 't1', name: 'Query', wires: [['db']], ...node }, db());
const template = (text: string) => ({ type: 'template', field: 'topic', fieldType: 'msg', syntax: 'mustache', template: text });

const subflow = { id: 'sf', type: 'subflow', name: 'Lookup', in: [{ wires: [{ id: 'read' }] }], out: [] };
/** The timer side inside a subflow (instance on the tab) reading `key` into the query. */
const inSubflow = (key: string) =>
  nodeRedFlow(tab, subflow, httpIn, store([SET_Q]), { ...tick(), wires: [['inst']] }, { id: 'inst', type: 'subflow:sf', z: 't1', wires: [] }, read(topicFrom(key), 'sf'), db('sf'));

const moreCases: FlowCase[] = [
  { name: 'a query read from a flow key a change rule copied from a key set from the request', text: flowOf(store([SET_Q, { t: 'set', p: 'b', pt: 'flow', to: 'q', tot: 'flow' }]), topicFrom('b')), expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }] },
  { name: 'a query read from a global key a flow key set from the request was moved into', text: flowOf(store([SET_Q, { t: 'move', p: 'q', pt: 'flow', to: 'b', tot: 'global' }]), topicFrom('b', 'global')), expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }] },
  { name: "a query read from a flow key JSONata set to $flowContext('q')", text: flowOf(store([SET_Q, { t: 'set', p: 'b', pt: 'flow', to: "$flowContext('q')", tot: 'jsonata' }]), topicFrom('b')), expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }] },
  {
    name: 'a query read from a flow key copied through msg within one change node',
    text: flowOf(store([SET_Q]), topicFrom('b'), 't1', { id: 'copy', type: 'change', z: 't1', name: 'Copy', rules: [{ t: 'set', p: 'x', pt: 'msg', to: 'q', tot: 'flow' }, { t: 'set', p: 'b', pt: 'flow', to: 'x', tot: 'msg' }], wires: [[]] }),
    expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }],
  },
  { name: 'a query read from a flow key function code sets under a template-literal name', text: flowOf(storeCode('const i = 1;\nflow.set(`q${i}`, msg.req.query.q);\nreturn msg;'), topicFrom('q1')), expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }] },
  { name: 'a query read from a flow key function code sets through another name for flow', text: flowOf(storeCode("const f = flow;\nf.set('q', msg.req.query.q);\nreturn msg;"), topicFrom('q')), expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }] },
  { name: 'a query read from a flow key function code sets with node.context().flow', text: flowOf(storeCode("node.context().flow.set('q', msg.req.query.q);\nreturn msg;"), topicFrom('q')), expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }] },
  { name: 'a query function code reads with flow.get from a key set from the request', text: readBy({ type: 'function', func: "msg.topic = flow.get('q');\nreturn msg;", outputs: 1 }), expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }] },
  { name: 'a query function code reads with flow.get from another key', text: readBy({ type: 'function', func: "msg.topic = flow.get('saved');\nreturn msg;", outputs: 1 }), expected: [] },
  {
    // Past 16 keys, a node's reads of a store are one read of any key of it (bounded work): the request's key is among them.
    name: 'a query function code builds from 20 flow keys, one of them set from the request',
    text: readBy({ type: 'function', func: `msg.topic = [${Array.from({ length: 19 }, (_, i) => `flow.get('k${i}')`).join(', ')}, flow.get('q')].join(' ');\nreturn msg;`, outputs: 1 }),
    expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }],
  },
  { name: 'a query JSONata reads with $flowContext under a computed name', text: readBy({ type: 'change', rules: [{ t: 'set', p: 'topic', pt: 'msg', to: '$flowContext("q" & "q")', tot: 'jsonata' }] }, store([{ ...SET_Q, p: 'qq' }])), expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }] },
  { name: 'a query a template fills in with {{&flow.q}} (unescaped)', text: readBy(template('SELECT {{&flow.q}}')), expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }] },
  { name: 'a query a template fills in with a {{#flow.q}} section', text: readBy(template('SELECT {{#flow.q}}{{.}}{{/flow.q}}')), expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }] },
  {
    name: 'a query an inject node sends from a flow key set from the request',
    text: nodeRedFlow(tab, httpIn, store([SET_Q]), { id: 'tick', type: 'inject', z: 't1', name: 'Every hour', repeat: '3600', props: [{ p: 'topic', v: 'q', vt: 'flow' }], wires: [['db']] }, db()),
    expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }],
  },
  {
    name: 'a query an inject node sends from a flow key set only to a constant',
    text: nodeRedFlow(tab, httpIn, store([{ t: 'set', p: 'q', pt: 'flow', to: 'SELECT 1', tot: 'str' }]), { id: 'tick', type: 'inject', z: 't1', name: 'Every hour', repeat: '3600', props: [{ p: 'topic', v: 'q', vt: 'flow' }], wires: [['db']] }, db()),
    expected: [],
  },
  {
    name: 'a query read from a flow key that 70 timer-fed nodes set before the one the request sets',
    text: flowOf(store([SET_Q]), topicFrom('q'), 't1', ...Array.from({ length: 70 }, (_, i) => [{ id: `i${i}`, type: 'inject', z: 't1', name: '', wires: [[`w${i}`]] }, { id: `w${i}`, type: 'change', z: 't1', name: '', rules: [{ ...SET_Q, to: 'topic' }], wires: [[]] }]).flat()),
    expected: [{ covers: '"sqlquery"', message: /built from .*of "Search"/ }],
  },
  {
    name: 'a query read from the last of 100 flow keys each copied from the one before, the first set from the request',
    text: flowOf(store([{ ...SET_Q, p: 'k0' }]), topicFrom('k100'), 't1', ...Array.from({ length: 100 }, (_, i) => ({ id: `c${i}`, type: 'change', z: 't1', name: '', rules: [{ t: 'set', p: `k${i + 1}`, pt: 'flow', to: `k${i}`, tot: 'flow' }], wires: [[]] }))),
    expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }],
  },
  { name: "a query a subflow reads from its parent's flow key ($parent.q) set from the request", text: inSubflow('$parent.q'), expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }] },
  { name: "a query a subflow reads from its own flow key of the parent's key's name", text: inSubflow('q'), expected: [] },
  {
    name: "a query read from a flow key a subflow set from the request as $parent.q",
    text: nodeRedFlow(tab, { ...subflow, in: [{ wires: [{ id: 'store' }] }] }, { ...httpIn, wires: [['inst']] }, { id: 'inst', type: 'subflow:sf', z: 't1', wires: [] }, { ...store([{ ...SET_Q, p: '$parent.q' }]), z: 'sf' }, tick(), read(topicFrom('q')), db()),
    expected: [{ covers: '"sqlquery"', message: FROM_SEARCH }],
  },
];

describe(`${RULE}: Node-RED flow and global context`, () => runFlowTable(RULE, [...cases, ...moreCases]));
