import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNodeRedCredentials, buildNodeRedFlow } from '../../../server/src/core/formats/node-red.js';
import { analyze } from '../../../server/src/core/index.js';
import { flowSurfaces } from '../../../server/src/core/model/index.js';
import { parseJson } from '../../../server/src/core/parse/json.js';
import { TODAY } from '../../helpers/analyze.js';
import { corpusEntries, hasCorpus, readCorpus } from '../../helpers/corpus.js';

const corpus = { skip: !hasCorpus && 'no ../shared/corpus' };
const CORE = 'nodered/node-red__node-red/packages/node_modules/@node-red/nodes/examples';
const HA = 'nodered/zachowj__node-red-contrib-home-assistant-websocket/examples';
const flowOf = (path: string) => {
  const result = buildNodeRedFlow(parseJson(readCorpus(path)).value);
  assert.deepEqual(result.problems, [], path);
  assert.ok(result.flow, path);
  return result.flow;
};
const edgesOf = (flow: { edges: readonly { from: string; to: string; kind?: string }[] }) => flow.edges.map((e) => `${e.from}->${e.to}${e.kind === 'main' ? '' : ` (${e.kind})`}`);

describe('Node-RED adapter', () => {
  it('builds the nodes, endpoints, edges and surfaces of the core "Create HTTP endpoint" example', corpus, () => {
    const flow = flowOf(`${CORE}/network/http/01 - Create HTTP endpoint.json`);
    assert.equal(flow.platform, 'node-red');
    assert.equal(flow.nodes.length, 13);
    const byType = (type: string) => flow.nodes.filter((n) => n.type === type);
    const [httpIn] = byType('http in');
    assert.deepEqual([httpIn.id, httpIn.name, httpIn.role, httpIn.service, httpIn.endpoint, httpIn.method], ['7f10afe.b1faa5', 'http in', 'trigger-webhook', 'HTTP endpoint', '/hello', 'get']);
    assert.equal(httpIn.pointer, '/1');
    assert.equal(httpIn.endpointPointer, '/1/url');
    assert.deepEqual(httpIn.auth, { method: 'httpNodeAuth (settings.js)', configuredOutside: true, pointer: '/1/url' });
    const [fixed, dynamic] = byType('http request');
    assert.deepEqual([fixed.role, fixed.service, fixed.endpoint, fixed.method, fixed.endpointPointer], ['http-request', 'HTTP', 'http://localhost:1880/hello', 'GET', '/3/url']);
    assert.equal(dynamic.endpoint, undefined, 'the URL comes from msg.url at run time');
    assert.deepEqual(byType('template').map((n) => [n.name, n.role]), [['page', 'transform']]);
    assert.deepEqual(byType('inject').map((n) => n.role), ['trigger-event', 'trigger-event']);
    assert.deepEqual(edgesOf(flow), [
      '7f10afe.b1faa5->db134063.83b7a',
      '5a89ce70.db6d5->18b48ed8.1072e1',
      '31f7aabb.3fbe06->5a89ce70.db6d5',
      'db134063.83b7a->d5ce67fc.e6e608',
      '83e766b1.154438->188bc18.5487a3f',
      '89c4d7a7.f8d798->83e766b1.154438',
    ]);
    assert.deepEqual(flowSurfaces(flow).map((s) => [s.direction, s.kind, s.service, s.endpoint]), [
      ['inbound', 'webhook', 'HTTP endpoint', '/hello'],
      ['outbound', 'api', 'HTTP', 'http://localhost:1880/hello'],
      ['outbound', 'api', 'HTTP', undefined],
    ]);
  });

  it('reads websocket listener and client config nodes into the nodes that use them', corpus, () => {
    const flow = flowOf(`${CORE}/network/websocket/01 - Connect to websocket in server.json`);
    const [wsIn] = flow.nodes.filter((n) => n.type === 'websocket in');
    assert.deepEqual([wsIn.role, wsIn.endpoint, wsIn.endpointPointer], ['trigger-webhook', '/ws1', '/5/path']);
    assert.deepEqual(wsIn.auth, { method: 'webSocketNodeVerifyClient (settings.js)', configuredOutside: true, pointer: '/0/server' });
    const [wsOut] = flow.nodes.filter((n) => n.type === 'websocket out');
    assert.deepEqual([wsOut.role, wsOut.endpoint], ['messaging', 'ws://localhost:1880/ws1']);
    const configs = flow.nodes.filter((n) => n.type.startsWith('websocket-'));
    assert.deepEqual(configs.map((n) => [n.type, n.role, n.service]), [['websocket-listener', 'other', 'WebSocket'], ['websocket-client', 'other', 'WebSocket']]);
    assert.deepEqual(edgesOf(flow), ['13410716.69c9d9->c2541f10.59544', '6788839e.04576c->438c232a.06c2cc']);
    assert.deepEqual(flowSurfaces(flow).map((s) => `${s.direction} ${s.kind} ${s.endpoint}`), ['inbound webhook /ws1', 'outbound connector ws://localhost:1880/ws1']);
    // A websocket out on this flow's own listener answers the clients connected to it: no call of its own.
    const echo = buildNodeRedFlow([
      { id: 'wl', type: 'websocket-listener', path: '/ws/chat', wholemsg: 'false' },
      { id: 'wi', type: 'websocket in', name: 'chat in', server: 'wl', client: '', wires: [['wo']] },
      { id: 'wo', type: 'websocket out', name: 'reply', server: 'wl', client: '', wires: [] },
    ]).flow!;
    assert.deepEqual(echo.nodes.filter((n) => n.type === 'websocket out').map((n) => n.role), ['transform']);
  });

  it('builds TCP endpoints, listeners on any interface', corpus, () => {
    const flow = flowOf(`${CORE}/network/tcp/01 - Connect to TCP out server.json`);
    assert.deepEqual(flow.nodes.filter((n) => n.type.startsWith('tcp')).map((n) => [n.type, n.role, n.endpoint]), [
      ['tcp in', 'trigger-event', 'tcp://localhost:1881'],
      ['tcp out', 'messaging', 'tcp://*:1881'],
    ]);
    // A tcp out that replies to the client of a tcp in answers it, as an http response does: no call of its own.
    const reply = flowOf(`${CORE}/network/tcp/03 - Send reply to client of TCP connection.json`);
    assert.deepEqual(reply.nodes.filter((n) => n.type === 'tcp out').map((n) => [n.role, n.endpoint]), [['transform', undefined]]);
  });

  it('links tabs through link out / link in, and names the flow after its tabs', corpus, () => {
    const flow = flowOf(`${CORE}/common/link/02 - Link across tabs.json`);
    assert.equal(flow.name, 'TAB: 1st, TAB: 2nd');
    assert.deepEqual(flow.settings.tabs, [{ id: 'f51b8a1a.95b448', label: 'TAB: 1st', disabled: false }, { id: 'ec5fae59.42a3b', label: 'TAB: 2nd', disabled: false }]);
    assert.equal(flow.nodes.length, 10, 'tabs are not nodes');
    assert.deepEqual(edgesOf(flow), [
      'fcd2b35a.6a7c4->cc961da1.25402 (link)', // the link to the missing f5fead9.12cdf5 is dropped
      '41a35965.1b4ed8->fcd2b35a.6a7c4',
      'cc961da1.25402->ce8b8ea5.364cb',
    ]);
  });

  it('follows link calls into their link in and back from a return-mode link out to the nodes wired to each call', corpus, () => {
    const edges = edgesOf(flowOf(`${CORE}/common/link/03 - Link call.json`));
    for (const edge of [
      '06a8cdd201630b4c->e1b6b1fbd9b33c6d (link)',
      'e1b6b1fbd9b33c6d->547ff90d37be5bfa',
      '547ff90d37be5bfa->5dc4c8eee329ed86',
      '5dc4c8eee329ed86->943afa6102c26e24 (link)', // back to the static call's debug node
      '5dc4c8eee329ed86->94c83d101ad168b0 (link)', // and to the dynamic call's (its leftover links name the same link in)
      'b23d2de4047ac09b->94c83d101ad168b0', // a dynamic call's target is chosen at run time: its wires stay
    ]) assert.ok(edges.includes(edge), edge);
    assert.ok(!edges.some((e) => e.startsWith('5dc4c8eee329ed86->06a8cdd201630b4c') || e.startsWith('5dc4c8eee329ed86->b23d2de4047ac09b')), 'no edge back into a call: no loop');
    // A static call passes on only what its chain returns, not its own input (a taint would skip the chain's steps).
    assert.ok(!edges.includes('06a8cdd201630b4c->943afa6102c26e24'), 'no wire edge out of a static call whose target is in the file');
  });

  it('returns from a nested link call to its own outputs, and from the outer chain to the outer call\'s', () => {
    const nodes = [
      { id: 'outer', type: 'link call', links: ['li1'], wires: [['after']] },
      { id: 'after', type: 'debug', wires: [] },
      { id: 'li1', type: 'link in', wires: [['inner']] },
      { id: 'inner', type: 'link call', links: ['li2'], wires: [['lo1']] },
      { id: 'lo1', type: 'link out', mode: 'return', links: [] },
      { id: 'li2', type: 'link in', wires: [['lo2']] },
      { id: 'lo2', type: 'link out', mode: 'return', links: [] },
      { id: 'lonely', type: 'link call', links: ['li2'], wires: [[]] },
    ];
    // With more link ins called than return-mode link outs, the returns are found walking back from the link outs.
    const more = [{ id: 'other', type: 'link call', links: ['li3'], wires: [['after']] }, { id: 'li3', type: 'link in', wires: [['after']] }];
    for (const flow of [buildNodeRedFlow(nodes).flow!, buildNodeRedFlow([...nodes, ...more]).flow!]) {
      assert.deepEqual(edgesOf(flow).filter((e) => /^lo\d/.test(e)).sort(), ['lo1->after (link)', 'lo2->lo1 (link)'], 'lo2 does not return to "outer", nor lo1 to "inner"');
    }
  });

  it('gives a complete node an edge from each node of its scope, except those it is wired to (as Node-RED drops them)', () => {
    const flow = buildNodeRedFlow([
      { id: 'q', type: 'http request', url: 'https://api.example.com', wires: [['f']] },
      { id: 'f', type: 'function', func: 'return msg;', wires: [[]] },
      { id: 'c', type: 'complete', scope: ['q', 'f'], wires: [['f']] },
    ]).flow!;
    assert.deepEqual(edgesOf(flow), ['q->f', 'c->f', 'q->c (complete)']);
  });

  it('gives a catch node an error edge from each node in its scope', corpus, () => {
    const flow = flowOf(`${CORE}/common/catch/01 - Catch error.json`);
    assert.deepEqual(edgesOf(flow), ['d1073c30.cb321->7bab9134.35ad', 'b45ca54e.eca208->f96f0ba7.cfe008', '7bab9134.35ad->b45ca54e.eca208 (error)']);
    const catchAll = buildNodeRedFlow([
      { id: 't', type: 'tab', label: 'T' },
      { id: 'a', type: 'inject', z: 't', wires: [['b']] },
      { id: 'b', type: 'function', z: 't', wires: [[]] },
      { id: 'c', type: 'catch', z: 't', scope: null, wires: [[]] },
      { id: 'x', type: 'function', z: 'other', wires: [] },
    ]).flow!;
    assert.deepEqual(edgesOf(catchAll), ['a->b', 'a->c (error)', 'b->c (error)']);
    // Scoped to its group: that group and the groups inside it; not a sibling group. In no group: the whole tab.
    const grouped = (catchGroup?: string) => buildNodeRedFlow([
      { id: 't', type: 'tab', label: 'T' },
      { id: 'g1', type: 'group', z: 't', nodes: ['g2', 'a'] },
      { id: 'g2', type: 'group', z: 't', g: 'g1', nodes: ['b'] },
      { id: 'g3', type: 'group', z: 't', nodes: ['d'] },
      { id: 'a', type: 'inject', z: 't', g: 'g1', wires: [['b']] },
      { id: 'b', type: 'http request', z: 't', g: 'g2', wires: [[]] },
      { id: 'd', type: 'function', z: 't', g: 'g3', wires: [[]] },
      { id: 'c', type: 'catch', z: 't', scope: 'group', ...(catchGroup ? { g: catchGroup } : {}), wires: [[]] },
    ]).flow!;
    assert.deepEqual(edgesOf(grouped('g1')).filter((e) => e.endsWith('(error)')), ['a->c (error)', 'b->c (error)']);
    assert.deepEqual(edgesOf(grouped('g2')).filter((e) => e.endsWith('(error)')), ['b->c (error)']);
    assert.deepEqual(edgesOf(grouped()).filter((e) => e.endsWith('(error)')), ['a->c (error)', 'b->c (error)', 'd->c (error)']);
  });

  it('runs into a subflow through its input and out through its output ports', corpus, () => {
    const flow = flowOf(`${HA}/cookbook/actionable-notifications-subflow-for-android/demo.json`);
    assert.equal(flow.name, 'Actionable Notification');
    const instance = flow.nodes.find((n) => n.type === 'subflow:6dc0247c.d7210c')!;
    assert.deepEqual([instance.name, instance.role], ['Actionable Notification', 'control']);
    const edges = edgesOf(flow);
    assert.ok(edges.includes('7b116fa205bb7db2->9d85d137.fe487'), 'into the subflow');
    assert.ok(edges.includes('974bd48d.c253e8->d2b46240.6de89'), 'out of port 1');
    assert.ok(edges.includes('5bc7345c.07b1cc->75334c15.956694'), 'out of port 4');
    assert.ok(!flow.nodes.some((n) => n.type === 'subflow'), 'the definition is not a node');
  });

  it('reads MQTT brokers and Home Assistant servers as credential references, present in the file or not', corpus, () => {
    const flow = flowOf(`${HA}/cookbook/xfinity_usage.json`);
    const mqtt = flow.nodes.find((n) => n.type === 'mqtt in')!;
    assert.deepEqual([mqtt.role, mqtt.service], ['trigger-event', 'MQTT']);
    assert.deepEqual(mqtt.credentialRefs, [{ type: 'mqtt-broker', id: '644903cf.1e7dbc', name: undefined }]);
    const sensor = flow.nodes.find((n) => n.name === 'Current Usage')!;
    assert.deepEqual([sensor.type, sensor.role, sensor.service, sensor.credentialRefs], ['ha-sensor', 'other', 'Home Assistant', []], 'ha-entity-config holds no credential');
    assert.equal(flow.nodes.filter((n) => n.type === 'ha-entity-config').length, 9);
    assert.deepEqual(flowSurfaces(flow).map((s) => `${s.direction} ${s.kind} ${s.service}`), ['inbound event-stream MQTT']);
    const inline = buildNodeRedFlow([
      { id: 'b', type: 'mqtt-broker', name: 'Plant', broker: 'broker.example.com', port: '8883', usetls: true },
      { id: 'm', type: 'mqtt out', topic: 't', broker: 'b', wires: [] },
      { id: 's', type: 'api-call-service', server: 'ha1', wires: [[]] },
    ]).flow!;
    assert.deepEqual(inline.nodes.map((n) => [n.type, n.endpoint, n.endpointPointer, n.credentialRefs]), [
      ['mqtt-broker', undefined, undefined, []],
      ['mqtt out', 'mqtts://broker.example.com:8883', '/0/broker', [{ type: 'mqtt-broker', id: 'b', name: 'Plant' }]],
      ['api-call-service', undefined, undefined, [{ type: 'server', id: 'ha1', name: undefined }]],
    ]);
    assert.deepEqual(flowSurfaces(inline).map((s) => `${s.direction} ${s.kind} ${s.service} ${s.endpoint}`), ['outbound connector MQTT mqtts://broker.example.com:8883', 'outbound connector Home Assistant undefined']);
  });

  it('reads http request TLS, proxy and own credentials, databases, exec and disabled nodes', () => {
    const flow = buildNodeRedFlow({
      rev: '1',
      flows: [
        { id: 't', type: 'tab', label: 'Off', disabled: true },
        { id: 'tls', type: 'tls-config', name: 'private CA', verifyservercert: false },
        { id: 'px', type: 'http proxy', url: 'http://proxy.internal:3128' },
        { id: 'r', type: 'http request', z: 't', method: 'use', url: 'https://api.example.com', tls: 'tls', proxy: 'px', authType: 'bearer', insecureHTTPParser: true, wires: [[]] },
        { id: 'db', type: 'MySQLdatabase', host: 'db.internal', port: '3306', db: 'shop' },
        { id: 'q', type: 'mysql', mydb: 'db', wires: [[]], d: true },
        { id: 'x', type: 'exec', command: 'ls', wires: [[], [], []] },
        { id: 'i', type: 'inject', repeat: '60', wires: [['x']] },
        { id: 'u', type: 'ui_button', group: 'g1', wires: [[]] },
      ],
    }).flow!;
    const node = (id: string) => flow.nodes.find((n) => n.id === id)!;
    assert.equal(node('r').pointer, '/flows/3');
    assert.equal(node('r').method, undefined, '"use" means msg.method');
    assert.deepEqual(node('r').auth, { method: 'bearer', pointer: '/flows/3/authType' });
    assert.deepEqual(node('r').credentialRefs.map((c) => c.type), ['http request', 'tls-config', 'http proxy']);
    assert.equal(node('r').disabled, true, 'in a disabled tab');
    assert.deepEqual([node('q').role, node('q').service, node('q').endpoint, node('q').disabled], ['database', 'MySQL', 'mysql://db.internal:3306/shop', true]);
    assert.deepEqual([node('x').role, node('i').role, node('u').role, node('u').service], ['command', 'trigger-schedule', 'other', 'Dashboard']);
    assert.deepEqual(flowSurfaces(flow).map((s) => `${s.direction} ${s.kind} ${s.service}`), ['outbound automation-script Shell command']);
  });

  it('degrades gracefully on broken exports', () => {
    assert.match(buildNodeRedFlow({ nodes: [] }).problems[0].message, /not an array of nodes/);
    const result = buildNodeRedFlow([7, { type: 'debug', wires: [['ghost']] }, { id: 'a', type: 'debug', wires: 'x' }, { id: 'a', type: 'change', wires: [] }]);
    assert.deepEqual(result.problems.map((p) => p.pointer), ['/0', '/3/id']);
    assert.deepEqual(result.flow!.nodes.map((n) => n.id), ['(element 1)', 'a', 'a']);
    assert.deepEqual(result.flow!.edges, []);
  });

  it('builds a flow for every Node-RED file of the corpus, with a node per element that is not a tab, subflow or group', corpus, () => {
    let files = 0;
    let nodes = 0;
    for (const entry of corpusEntries().filter((e) => e.format === 'nodered-flow' && !e.malformed)) {
      const value = parseJson(readCorpus(entry.path)).value as { type: string }[];
      const flow = flowOf(entry.path);
      assert.equal(flow.nodes.length, value.filter((v) => !['tab', 'subflow', 'group'].includes(v.type)).length, entry.path);
      const ids = new Set(flow.nodes.map((n) => n.id));
      for (const e of flow.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `${entry.path}: edge ${e.from}->${e.to}`);
      files++;
      nodes += flow.nodes.length;
    }
    assert.equal(files, 176);
    assert.ok(nodes > 1500, `${nodes} nodes`);
  });
});

describe('Node-RED credentials file', () => {
  it('is recognised as Node-RED, holds no flow, and rejects what is not an object', () => {
    const result = analyze({ uri: 'u', path: 'flows_cred.json', text: '{ "$": "a5b4c3" }' }, { today: TODAY });
    assert.deepEqual([result.format, result.detail, result.flow, result.findings], ['node-red', 'nodered-credentials-file', undefined, []]);
    assert.deepEqual(buildNodeRedCredentials({ abc: { user: 'u' } }), { problems: [] });
    assert.match(buildNodeRedCredentials([1]).problems[0].message, /keyed by node id/);
  });
});
