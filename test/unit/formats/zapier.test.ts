import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildZapierFlow } from '../../../server/src/core/formats/zapier.js';
import { analyze } from '../../../server/src/core/index.js';
import { zapierAppName } from '../../../server/src/core/knowledge/connectors/zapier.js';
import { flowSurfaces } from '../../../server/src/core/model/index.js';
import { TODAY } from '../../helpers/analyze.js';

const edgesOf = (flow: { edges: readonly { from: string; to: string }[] }) => flow.edges.map((e) => `${e.from}->${e.to}`);

/** A zap in Zapier's node-map form: steps keyed by id and linked by `parent_id`, as Zapier exports them. */
const catchHookZap = {
  id: 11,
  title: 'Orders to Slack',
  nodes: {
    '101': { id: 101, paused: false, type_of: 'read', params: {}, meta: {}, parent_id: null, root_id: null, action: 'hook', selected_api: 'WebHookCLIAPI', title: 'Orders to Slack', authentication_id: null },
    '102': { id: 102, type_of: 'filter', params: { filter_criteria: [] }, parent_id: 101, root_id: 101, action: 'filter', selected_api: 'FilterAPI', title: null, authentication_id: null },
    '103': { id: 103, type_of: 'write', params: { url: 'https://erp.example.com/orders', data: { id: '{{101__id}}' }, headers: { Authorization: 'Bearer {{101__token}}' } }, parent_id: 102, root_id: 101, action: 'post', selected_api: 'WebHookCLIAPI', title: null, authentication_id: null },
    '104': { id: 104, type_of: 'write', params: { channel: 'C024', text: 'New order {{101__id}}' }, meta: { stepTitle: 'Tell sales' }, parent_id: 103, root_id: 101, action: 'channel_message', selected_api: 'SlackAPI', title: null, authentication_id: 'a5f0' },
  },
};

const scheduleZap = {
  id: 12,
  title: 'Weekly digest',
  nodes: {
    '201': { id: 201, type_of: 'read', params: { dow: 'Friday' }, parent_id: null, action: 'every_week', selected_api: 'ScheduleAPI', title: 'Weekly digest', authentication_id: null },
    '202': { id: 202, type_of: 'search', params: { spreadsheet: 'x' }, parent_id: 201, action: 'lookup_row', selected_api: 'GoogleSheetsV2API', title: null, authentication_id: 'b6e1' },
    '203': { id: 203, type_of: 'write', params: { url: 'https://api.example.com/run', method: 'patch' }, parent_id: 202, action: 'custom_request', selected_api: 'WebHookCLIAPI@1.0.3', title: null, authentication_id: null },
  },
};

describe('Zapier adapter', () => {
  it('reads a zap: the Catch Hook trigger, a filter, a POST request and an app action, linked by parent_id', () => {
    const flow = buildZapierFlow({ metadata: { version: 2 }, zaps: [catchHookZap] }).flow!;
    assert.equal(flow.platform, 'zapier');
    assert.deepEqual([flow.name, flow.id], ['Orders to Slack', '11']);
    assert.deepEqual(flow.nodes.map((n) => [n.id, n.name, n.type, n.role, n.service, n.pointer]), [
      ['101', 'Webhooks by Zapier: hook', 'WebHookCLIAPI:hook', 'trigger-webhook', 'Webhooks by Zapier', '/zaps/0/nodes/101'],
      ['102', 'Filter by Zapier: filter', 'FilterAPI:filter', 'control', 'Filter by Zapier', '/zaps/0/nodes/102'],
      ['103', 'Webhooks by Zapier: post', 'WebHookCLIAPI:post', 'http-request', 'Webhooks by Zapier', '/zaps/0/nodes/103'],
      ['104', 'Tell sales', 'SlackAPI:channel_message', 'messaging', 'Slack', '/zaps/0/nodes/104'],
    ]);
    const [hook, , post, slack] = flow.nodes;
    assert.deepEqual(hook.auth, { method: 'none', none: true, pointer: '/zaps/0/nodes/101/action' });
    assert.equal(hook.endpoint, undefined, 'Zapier does not export the hook URL');
    assert.deepEqual([post.endpoint, post.endpointPointer, post.method], ['https://erp.example.com/orders', '/zaps/0/nodes/103/params/url', 'POST']);
    assert.equal(post.parametersPointer, '/zaps/0/nodes/103/params');
    assert.deepEqual(slack.credentialRefs, [{ type: 'Slack', id: 'a5f0' }]);
    assert.deepEqual(edgesOf(flow), ['101->102', '102->103', '103->104']);
    assert.deepEqual(flowSurfaces(flow).map((s) => `${s.direction} ${s.kind} ${s.service} ${s.endpoint ?? ''}`.trim()), [
      'inbound webhook Webhooks by Zapier',
      'outbound api Webhooks by Zapier https://erp.example.com/orders',
      'outbound connector Slack',
    ]);
  });

  it('puts every zap of an export in one flow, node names prefixed with the zap title', () => {
    const flow = buildZapierFlow({ zaps: [catchHookZap, scheduleZap] }).flow!;
    assert.equal(flow.name, 'Orders to Slack, Weekly digest');
    assert.equal(flow.id, undefined);
    assert.equal(flow.nodes.length, 7);
    assert.deepEqual(flow.nodes.slice(4).map((n) => [n.name, n.role, n.method ?? null]), [
      ['Weekly digest / Schedule by Zapier: every_week', 'trigger-schedule', null],
      ['Weekly digest / Google Sheets: lookup_row', 'storage', null],
      ['Weekly digest / Webhooks by Zapier: custom_request', 'http-request', 'PATCH'],
    ]);
    assert.deepEqual(edgesOf(flow), ['101->102', '102->103', '103->104', '201->202', '202->203']);
    assert.deepEqual(flow.settings.zaps, [{ id: 11, title: 'Orders to Slack' }, { id: 12, title: 'Weekly digest' }]);
  });

  it('accepts steps as an array (linked in order), app triggers, other field spellings and clashing ids', () => {
    const flow = buildZapierFlow({
      zaps: [
        { id: 1, title: 'A', steps: [{ app: 'GitHubCLIAPI', action: 'new_commit', type: 'read', authentication_id: 77 }, { app: 'OpenAICLIAPI', action: 'chat', type: 'write', parameters: { prompt: 'x' } }] },
        { id: 2, title: 'B', steps: [{ id: 0, selected_api: 'AcmeCrmAPI', action: 'new_lead', type_of: 'read' }] },
      ],
    }).flow!;
    assert.deepEqual(flow.nodes.map((n) => [n.id, n.role, n.service, n.pointer]), [
      ['0', 'trigger-event', 'GitHub', '/zaps/0/steps/0'],
      ['1', 'ai', 'OpenAI', '/zaps/0/steps/1'],
      ['2/0', 'trigger-event', 'Acme Crm', '/zaps/1/steps/0'],
    ]);
    assert.deepEqual(flow.nodes[0].credentialRefs, [{ type: 'GitHub', id: '77' }]);
    assert.equal(flow.nodes[1].parametersPointer, '/zaps/0/steps/1/parameters');
    assert.deepEqual(edgesOf(flow), ['0->1']);
    assert.deepEqual(flowSurfaces(flow).map((s) => `${s.direction} ${s.kind} ${s.service}`), ['inbound event-stream GitHub', 'outbound connector OpenAI']);
  });

  it('names apps without their API suffix and version', () => {
    assert.deepEqual(['SlackAPI', 'WebHookCLIAPI', 'GoogleSheetsV2API', 'TodoistV2DevAPI', 'FormatterV2CLIAPI', 'WebHookCLIAPI@1.0.3', 'API'].map(zapierAppName), ['Slack', 'WebHook', 'GoogleSheets', 'Todoist', 'Formatter', 'WebHook', 'API']);
  });

  it('degrades gracefully on broken exports', () => {
    assert.match(buildZapierFlow({ metadata: {} }).problems[0].message, /no "zaps" array/);
    const result = buildZapierFlow({ zaps: [7, { title: 'Empty' }, { title: 'Odd', nodes: { a: 'x', b: { parent_id: 'ghost', selected_api: 'SlackAPI' } } }] });
    assert.deepEqual(result.problems.map((p) => p.message), ['Zap 0 is not an object; it was skipped.', 'Zap "Empty" has no "nodes" or "steps", so its steps cannot be reviewed.']);
    assert.deepEqual(result.flow!.nodes.map((n) => [n.id, n.role]), [['b', 'messaging']]);
    assert.deepEqual(result.flow!.edges, []);
  });

  it('is what analyze() builds for a file that sniffs as a Zapier export', () => {
    const result = analyze({ uri: 'u', path: 'zaps.json', text: JSON.stringify({ metadata: { version: 2 }, zaps: [catchHookZap] }, null, 2) }, { today: TODAY });
    assert.deepEqual([result.format, result.detail, result.flow?.nodes.length], ['zapier', 'zapier-export', 4]);
  });
});
