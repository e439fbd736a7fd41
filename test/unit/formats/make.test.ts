import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMakeFlow } from '../../../server/src/core/formats/make.js';
import { analyze } from '../../../server/src/core/index.js';
import { flowSurfaces } from '../../../server/src/core/model/index.js';
import { parseJson } from '../../../server/src/core/parse/json.js';
import { TODAY } from '../../helpers/analyze.js';
import { corpusEntries, hasCorpus, readCorpus } from '../../helpers/corpus.js';

const corpus = { skip: !hasCorpus && 'no ../shared/corpus' };
const MAKE = 'make/manasoid__make';
const flowOf = (path: string) => {
  const result = buildMakeFlow(parseJson(readCorpus(path)).value);
  assert.deepEqual(result.problems, [], path);
  assert.ok(result.flow, path);
  return result.flow;
};
const edgesOf = (flow: { edges: readonly { from: string; to: string; kind?: string }[] }) => flow.edges.map((e) => `${e.from}->${e.to}${e.kind === 'main' ? '' : ` (${e.kind})`}`);

/** Modules anywhere under `flow`, routes and error handlers, counted without the adapter. */
function countModules(value: unknown): number {
  let n = 0;
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.module === 'string') n++;
      for (const key of ['flow', 'routes', 'onerror']) if (o[key]) stack.push(o[key]);
    }
  }
  return n;
}

describe('Make adapter', () => {
  it('builds an instant Slack trigger, a router with two branches, connections and filters', corpus, () => {
    const flow = flowOf(`${MAKE}/community-management/blueprint-buy-me-a-coffee-slack.json`);
    assert.equal(flow.platform, 'make');
    assert.equal(flow.name, 'buy me a coffee automation');
    assert.deepEqual(flow.nodes.map((n) => [n.id, n.type, n.role, n.service ?? null, n.pointer]), [
      ['2', 'slack:NewEvent', 'trigger-event', 'Slack', '/flow/0'],
      ['5', 'regexp:Parser', 'transform', null, '/flow/1'],
      ['3', 'airtable:ActionSearchRecords', 'storage', 'Airtable', '/flow/2'],
      ['11', 'builtin:BasicRouter', 'control', null, '/flow/3'],
      ['6', 'airtable:ActionUpdateRecords', 'storage', 'Airtable', '/flow/3/routes/0/flow/0'],
      ['10', 'slack:CreateMessage', 'messaging', 'Slack', '/flow/3/routes/0/flow/1'],
      ['12', 'slack:CreateMessage', 'messaging', 'Slack', '/flow/3/routes/1/flow/0'],
    ]);
    assert.deepEqual(edgesOf(flow), ['2->5', '5->3', '3->11', '11->6', '6->10', '11->12']);
    const [trigger, , search] = flow.nodes;
    assert.deepEqual(trigger.credentialRefs, [{ type: 'hook:slack-events', id: '114984', name: 'watch #tech-support for a coffee' }]);
    assert.deepEqual(search.credentialRefs, [{ type: 'airtable2', id: '2058', name: 'Airtable' }]);
    assert.deepEqual(flowSurfaces(flow).map((s) => `${s.direction} ${s.kind} ${s.service}`), [
      'inbound event-stream Slack',
      'outbound connector Airtable',
      'outbound connector Airtable',
      'outbound connector Slack',
      'outbound connector Slack',
    ]);
  });

  it('reads a custom mailhook as an open inbound webhook', corpus, () => {
    const flow = flowOf(`${MAKE}/visual-programming/blueprint-distinct-values.json`);
    const [hook] = flow.nodes;
    assert.deepEqual([hook.type, hook.role, hook.service], ['gateway:CustomMailHook', 'trigger-webhook', 'Mailhook']);
    assert.deepEqual(hook.auth, { method: 'none', none: true, pointer: '/flow/0/parameters/hook' });
    assert.deepEqual(hook.credentialRefs, [{ type: 'hook:gateway-mailhook', id: '66293', name: 'DEMO for community support' }]);
    assert.deepEqual(flowSurfaces(flow).map((s) => `${s.direction} ${s.kind} ${s.service}`), ['inbound webhook Mailhook']);
  });

  it('reads the URL and method of an HTTP module, and module names from the designer', corpus, () => {
    const flow = flowOf(`${MAKE}/document-management/blueprint-ai-ocr-convert-image-pdf-text.json`);
    const http = flow.nodes.find((n) => n.type === 'http:ActionSendData')!;
    assert.deepEqual([http.id, http.role, http.service, http.endpoint, http.endpointPointer, http.method], ['10', 'http-request', 'HTTP', '{{6.url}}', '/flow/4/mapper/url', 'GET']);
    assert.deepEqual(flow.nodes.map((n) => n.role), ['storage', 'storage', 'other', 'other', 'http-request', 'email']);
    assert.equal(flowOf(`${MAKE}/document-management/blueprint-rename-files.json`).nodes[0].name, 'search image files');
  });

  it('links a module to its error handler and reads keychains and basic auth on HTTP modules', () => {
    const flow = buildMakeFlow({
      name: 'Errors',
      flow: [
        { id: 1, module: 'google-sheets:watchRows', parameters: { __IMTCONN__: 5 }, mapper: {} },
        {
          id: 2,
          module: 'http:ActionSendDataBasicAuth',
          parameters: { key: 9 },
          mapper: { url: 'https://api.example.com', method: 'post' },
          metadata: { parameters: [{ name: 'key', type: 'keychain:basicauth' }] },
          onerror: [{ id: 3, module: 'slack:CreateMessage', parameters: { __IMTCONN__: 7 } }, { id: 4, module: 'builtin:Ignore' }],
        },
        { id: 5, module: 'http:ActionSendData', mapper: { url: 'https://b.example.com', authUser: 'svc' } },
      ],
      metadata: { instant: false, scenario: { roundtrips: 1, maxErrors: 3 } },
    }).flow!;
    assert.deepEqual(flow.nodes.map((n) => [n.id, n.role]), [['1', 'trigger-event'], ['2', 'http-request'], ['5', 'http-request'], ['3', 'messaging'], ['4', 'control']]);
    assert.deepEqual(edgesOf(flow), ['1->2', '2->5', '2->3 (error)', '3->4']);
    assert.deepEqual(flow.nodes[1].auth, { method: 'keychain', pointer: '/flow/1/parameters' });
    assert.deepEqual(flow.nodes[1].credentialRefs, [{ type: 'basicauth', id: '9', name: undefined }]);
    assert.equal(flow.nodes[1].method, 'POST');
    assert.deepEqual(flow.nodes[2].auth, { method: 'basic', pointer: '/flow/2/mapper/authUser' });
    assert.deepEqual(flow.settings, { roundtrips: 1, maxErrors: 3, instant: false });
  });

  it('takes a filter on a secret request header right after a custom webhook as its authentication', () => {
    const hook = { id: 1, module: 'gateway:CustomWebHook', parameters: { hook: 42 }, metadata: { parameters: [{ name: 'hook', type: 'hook:gateway-webhook' }] } };
    const checked = { id: 2, module: 'util:SetVariable2', filter: { name: 'secret ok', conditions: [[{ a: '{{get(map(1.__IMTHEADERS__; "value"; "name"; "x-api-key"); 1)}}', o: 'text:equal', b: '{{var.organization.apiKey}}' }]] } };
    const unchecked = { id: 3, module: 'util:SetVariable2' };
    const authOf = (next: object[]) => buildMakeFlow({ flow: [hook, ...next] }).flow!.nodes[0].auth;
    assert.deepEqual(authOf([checked]), { method: 'filter "secret ok" on a request header', pointer: '/flow/1/filter' });
    assert.deepEqual(authOf([unchecked]), { method: 'none', none: true, pointer: '/flow/0/parameters/hook' });
    assert.deepEqual(authOf([]), { method: 'none', none: true, pointer: '/flow/0/parameters/hook' });
    const router = (...routes: object[]) => ({ id: 9, module: 'builtin:BasicRouter', routes: routes.map((r) => ({ flow: [r] })) });
    assert.equal(authOf([router(checked, { ...checked, id: 4 })]).none, undefined, 'every branch checks');
    assert.equal(authOf([router(checked, unchecked)]).none, true, 'one branch does not check');
  });

  it('takes a header filter as authentication only when every way through it compares the header with a secret', () => {
    const hook = { id: 1, module: 'gateway:CustomWebHook', parameters: { hook: 42 }, metadata: { parameters: [{ name: 'hook', type: 'hook:gateway-webhook' }] } };
    const header = '{{get(map(1.__IMTHEADERS__; "value"; "name"; "x-api-key"); 1)}}';
    const filtered = (...groups: object[][]) => ({ id: 2, module: 'util:SetVariable2', filter: { name: 'secret ok', conditions: groups } });
    const authOf = (next: object) => buildMakeFlow({ flow: [hook, next] }).flow!.nodes[0].auth;
    const open = (next: object, why: string) => assert.equal(authOf(next).none, true, why);
    const checked = (next: object, why: string) => assert.equal(authOf(next).none, undefined, why);
    checked(filtered([{ a: header, o: 'text:equal', b: 'c3VwZXItc2VjcmV0' }]), 'equal to a literal');
    checked(filtered([{ a: header, o: 'text:equal:ci', b: '{{var.organization.apiKey}}' }]), 'equal (any case) to an organization custom variable');
    checked(filtered([{ a: header, o: 'text:equal', b: '{{var.team.hook_$ecret}}' }]), 'equal to a team custom variable');
    checked(filtered([{ a: 'c3VwZXItc2VjcmV0', o: 'text:equal', b: header }]), 'the header on the right');
    checked(filtered([{ a: header, o: 'text:equal', b: 'c3VwZXItc2VjcmV0' }], [{ a: header, o: 'text:equal', b: 'b2xkLXNlY3JldA' }]), 'each OR group compares it (a rotated key)');
    open(filtered([{ a: header, o: 'exist' }]), 'only that the header is there');
    open(filtered([{ a: header, o: 'text:contain', b: 'c3VwZXI' }]), 'contains');
    open(filtered([{ a: header, o: 'text:notequal', b: 'c3VwZXItc2VjcmV0' }]), 'not equal');
    open(filtered([{ a: header, o: 'text:equal', b: '' }]), 'equal to nothing');
    open(filtered([{ a: header, o: 'text:equal', b: '  ' }]), 'equal to spaces');
    open(filtered([{ a: header, o: 'text:equal', b: '{{1.token}}' }]), 'equal to a value the request sends');
    // Make's system variables (help.make.com/system-variables) are filled by Make and shown in its pages' addresses.
    for (const system of ['scenario.id', 'scenario.name', 'scenario.url', 'execution.id', 'team.id', 'team.name', 'organization.id', 'organization.name', 'organization.zone', 'organization.operationsLeft', 'organization.dataLeft']) {
      open(filtered([{ a: header, o: 'text:equal', b: `{{var.${system}}}` }]), `equal to the system variable var.${system}`);
    }
    open(filtered([{ a: header, o: 'text:equal', b: '{{var.input.key}}' }]), 'equal to a scenario input, which whoever runs the scenario chooses');
    open(filtered([{ a: header, o: 'text:equal', b: '{{var.organization.key}} {{1.token}}' }]), 'a custom variable beside a value the request sends');
    open(filtered([{ a: header, o: 'text:equal', b: 'c3VwZXItc2VjcmV0' }], [{ a: '{{1.type}}', o: 'text:equal', b: 'ping' }]), 'another OR group lets requests through without the header');
  });

  it('degrades gracefully on broken blueprints', () => {
    assert.match(buildMakeFlow({ name: 'x' }).problems[0].message, /no "flow" array/);
    const result = buildMakeFlow({ flow: [null, { module: 'acme-crm:DoThing', parameters: { __IMTCONN__: 1 } }, { id: 3, routes: 'x', onerror: {} }] });
    assert.deepEqual(result.problems.map((p) => p.pointer), ['/flow/0']);
    assert.deepEqual(result.flow!.nodes.map((n) => [n.id, n.type, n.role, n.service]), [['(module /flow/1)', 'acme-crm:DoThing', 'other', 'Acme Crm'], ['3', '', 'other', undefined]]);
  });

  it('builds a flow for every well-formed Make blueprint of the corpus, with a node per module', corpus, () => {
    let files = 0;
    for (const entry of corpusEntries().filter((e) => e.format === 'make-blueprint' && !e.malformed)) {
      const flow = flowOf(entry.path);
      assert.equal(flow.nodes.length, countModules(parseJson(readCorpus(entry.path)).value), entry.path);
      const ids = new Set(flow.nodes.map((n) => n.id));
      for (const e of flow.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `${entry.path}: edge ${e.from}->${e.to}`);
      files++;
    }
    assert.equal(files, 14);
  });

  it('reports every malformed Make blueprint of the corpus as a syntax error', corpus, () => {
    const malformed = corpusEntries().filter((e) => e.format === 'make-blueprint' && e.malformed);
    assert.equal(malformed.length, 4);
    for (const entry of malformed) {
      const result = analyze({ uri: 'u', path: entry.path, text: readCorpus(entry.path) }, { today: TODAY });
      assert.equal(result.detail, 'make-blueprint', entry.path);
      assert.ok(result.findings.some((f) => f.ruleId === 'parse/syntax-error' && f.severity === 'error'), entry.path);
    }
  });
});
