import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPowerAutomateFlow } from '../../../server/src/core/formats/power-automate.js';
import { flowSurfaces, type Flow } from '../../../server/src/core/model/index.js';
import { parseJson } from '../../../server/src/core/parse/json.js';
import { corpusEntries, hasCorpus, readCorpus } from '../../helpers/corpus.js';
import { countOperations } from '../../helpers/wdl.js';

const corpus = { skip: !hasCorpus && 'no ../shared/corpus' };
const PNP = 'powerautomate/pnp__powerplatform-samples/samples';
const PNP_PA = 'powerautomate/pnp__powerautomate-samples/samples';
const flowOf = (path: string) => {
  const result = buildPowerAutomateFlow(parseJson(readCorpus(path)).value);
  assert.deepEqual(result.problems, [], path);
  assert.ok(result.flow, path);
  return result.flow;
};
const edgesOf = (flow: Flow) => flow.edges.map((e) => `${e.from} -${e.kind}-> ${e.to}`);
const node = (flow: Flow, name: string) => {
  const found = flow.nodes.find((n) => n.name === name);
  assert.ok(found, name);
  return found;
};

describe('Power Automate adapter', () => {
  it('builds nodes, run-after edges and the "Anyone" HTTP trigger of a real solution flow', corpus, () => {
    const flow = flowOf(`${PNP}/always-reply-to-request/solution/always-respond-to-request.zip__zip/Workflows/PatternAlwaysreplytoHTTPrequest-CD602B70-A83E-EE11-BDF3-0022482A4279.json`);
    assert.equal(flow.platform, 'power-automate');
    assert.equal(flow.owner, undefined);
    assert.deepEqual(flow.nodes.map((n) => [n.name, n.type, n.role]), [
      ['manual', 'Request', 'trigger-webhook'],
      ['Scope', 'Scope', 'control'],
      ['Actual_Work', 'Compose', 'transform'],
      ['Response_OK', 'Response', 'transform'],
      ['Response_Error', 'Response', 'transform'],
      ['Terminate_with_Failed', 'Terminate', 'control'],
    ]);
    const trigger = flow.nodes[0];
    assert.equal(trigger.pointer, '/properties/definition/triggers/manual');
    assert.equal(trigger.method, 'GET');
    assert.deepEqual(trigger.auth, { method: 'All', none: true, pointer: '/properties/definition/triggers/manual/inputs/triggerAuthenticationType' });
    assert.equal(node(flow, 'Actual_Work').pointer, '/properties/definition/actions/Scope/actions/Actual_Work');
    assert.deepEqual(edgesOf(flow), [
      'manual -Succeeded-> Scope',
      'Scope -body-> Actual_Work',
      'Scope -Succeeded-> Response_OK',
      'Scope -Failed-> Response_Error',
      'Scope -TimedOut-> Response_Error',
      'Scope -Skipped-> Response_Error',
      'Response_Error -Succeeded-> Terminate_with_Failed',
    ]);
    assert.deepEqual(flowSurfaces(flow).map((s) => [s.direction, s.kind, s.nodeName, s.service, s.authMethod]), [['inbound', 'webhook', 'manual', 'HTTP request', 'All']]);
  });

  it('reads connectors, connection references and nested If/Foreach actions of a real package', corpus, () => {
    const flow = flowOf(`${PNP_PA}/planner-task-from-flagged-email/solution/planner-task-from-flagged-email.zip__zip/Microsoft.Flow/flows/d6e47e17-ac6c-4273-93e0-8da48178f6b4/definition.json`);
    assert.equal(flow.name, 'Flagged Email to Planner');
    assert.equal(flow.id, 'cee7701b-a7c4-4188-93d7-c987fd94b978');
    const trigger = node(flow, 'When_an_email_is_flagged_(V2)');
    assert.deepEqual([trigger.type, trigger.role, trigger.service], ['ApiConnectionNotification', 'trigger-event', 'Office 365 Outlook']);
    assert.deepEqual(trigger.credentialRefs, [{ type: 'office365', name: 'ead2b0f73ff844c7b605de5f4eb400dc' }]);
    const create = node(flow, 'Create_a_task');
    assert.deepEqual([create.role, create.service, create.method], ['storage', 'Planner', 'post']);
    assert.equal(create.pointer, '/properties/definition/actions/Condition/actions/Create_a_task');
    assert.deepEqual(create.credentialRefs.map((c) => c.type), ['planner']);
    assert.deepEqual([node(flow, 'Html_to_text').role, node(flow, 'Html_to_text').service], ['transform', 'Content Conversion']);
    assert.deepEqual([node(flow, 'Delete_email_(V2)').role, node(flow, 'Delete_email_(V2)').service], ['email', 'Office 365 Outlook']);
    const edges = edgesOf(flow);
    for (const e of ['Condition -true-> Create_a_task', 'Apply_to_each -body-> Condition_2', 'Condition_2 -true-> Append_to_string_variable', 'When_an_email_is_flagged_(V2) -Succeeded-> Get_To_Emails']) {
      assert.ok(edges.includes(e), e);
    }
    assert.deepEqual(flowSurfaces(flow).map((s) => `${s.direction} ${s.kind} ${s.service} (${s.nodeName})`), [
      'inbound event-stream Office 365 Outlook (When_an_email_is_flagged_(V2))',
      'outbound connector Planner (List_tasks)',
      'outbound connector Planner (Create_a_task)',
      'outbound connector Planner (Update_task_details)',
      'outbound connector Office 365 Outlook (Delete_email_(V2))',
    ]);
  });

  it('names OpenApiConnection services from the solution connection references', corpus, () => {
    const flow = flowOf(`${PNP}/gym-management-app/solution/gym-management-app.zip__zip/Workflows/MembershipNotification-CC7AD75F-F442-EF11-8409-0022480BF39E.json`);
    assert.deepEqual(flow.nodes.map((n) => [n.name, n.role, n.service, n.credentialRefs[0]?.name]), [
      ['When_a_new_item_is_created', 'trigger-event', 'SharePoint', 'marv_SharePointconnection'],
      ['Send_an_email_(V2)', 'email', 'Office 365 Outlook', 'marv_Office365Outlookconnection'],
    ]);
    assert.deepEqual(edgesOf(flow), ['When_a_new_item_is_created -Succeeded-> Send_an_email_(V2)']);
  });

  it('walks Until and Switch cases, and reads an HTTP action with Entra ID OAuth and a custom connector', corpus, () => {
    const flow = flowOf(`${PNP_PA}/graph_api_in_power_bi/solution/GetOrganizationUsers.zip__zip/Microsoft.Flow/flows/63aa12db-ab81-4cdf-8b00-c7dc3114fd79/definition.json`);
    assert.equal(flow.name, 'Get Organization Users');
    assert.deepEqual(flow.nodes[0].auth, { method: 'All', none: true, pointer: '/properties/definition/triggers/manual/inputs' }, 'no triggerAuthenticationType: anyone');
    const http = node(flow, 'Get_Organization_Users_-_Skip_Token');
    const base = '/properties/definition/actions/Do_until/actions/Switch_on_Do_Until/cases/Paging_Available/actions/Get_Organization_Users_-_Skip_Token';
    assert.deepEqual([http.role, http.service, http.method, http.endpoint, http.endpointPointer, http.pointer], ['http-request', 'HTTP', 'GET', "@variables('Next Link')", `${base}/inputs/uri`, base]);
    assert.deepEqual(http.auth, { method: 'ActiveDirectoryOAuth', pointer: `${base}/inputs/authentication` });
    assert.deepEqual(http.scopes, ['https://graph.microsoft.com/']);
    const custom = node(flow, 'Get_Organization_Users');
    assert.deepEqual([custom.role, custom.service], ['http-request', 'Custom connector "microsoft graph api demo"']);
    const edges = edgesOf(flow);
    for (const e of ['Do_until -body-> Switch_on_Do_Until', 'Switch_on_Do_Until -case:Paging_Available-> Get_Organization_Users_-_Skip_Token', 'Switch_on_Do_Until -default-> Get_Organization_Users', 'Set_Next_Link_variable -Failed-> Set_Next_Link_variable_-_No_Paging_Available']) {
      assert.ok(edges.includes(e), e);
    }
    assert.deepEqual(flowSurfaces(flow).map((s) => `${s.direction} ${s.kind} ${s.service}`), ['inbound webhook HTTP request', 'outbound api HTTP', 'outbound api Custom connector "microsoft graph api demo"']);
  });

  it('reads who can trigger an HTTP flow, and treats platform-invoked kinds as authenticated', () => {
    const flowWith = (trigger: object) => buildPowerAutomateFlow({ properties: { connectionReferences: {}, definition: { triggers: { manual: trigger }, actions: {} } } }).flow!.nodes[0];
    const base = '/properties/definition/triggers/manual';
    assert.deepEqual(flowWith({ type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'All' } }).auth, { method: 'All', none: true, pointer: `${base}/inputs/triggerAuthenticationType` });
    assert.deepEqual(flowWith({ type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'Tenant' } }).auth, { method: 'Tenant', none: false, pointer: `${base}/inputs/triggerAuthenticationType` });
    assert.deepEqual(flowWith({ type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'SpecificUsers' } }).auth.none, false);
    assert.deepEqual(flowWith({ type: 'Request', kind: 'Http' }).auth, { method: 'All', none: true, pointer: base });
    const button = flowWith({ type: 'Request', kind: 'Button', inputs: { schema: {} } });
    assert.deepEqual([button.role, button.service, button.auth], ['trigger-webhook', 'Manual trigger (button)', { method: 'Button', none: false, pointer: base }]);
    assert.equal(flowWith({ type: 'Request', kind: 'PowerAppV2', inputs: {} }).service, 'Power Apps');
    const selected = flowWith({ type: 'Request', kind: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['shared_sharepointonline']['connectionId']" } } } });
    assert.deepEqual([selected.role, selected.service, selected.credentialRefs], ['trigger-event', 'SharePoint', [{ type: 'sharepointonline', name: 'shared_sharepointonline' }]]);
    assert.deepEqual([flowWith({ type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } }).role], ['trigger-schedule']);
  });

  it('names custom connectors made in a solution or outside one by their own name', () => {
    const serviceOf = (apiName: string) => buildPowerAutomateFlow({
      properties: {
        connectionReferences: {},
        definition: {
          triggers: { manual: { type: 'Request', kind: 'Button', inputs: {} } },
          actions: { Call: { type: 'OpenApiConnection', inputs: { host: { apiId: `/providers/Microsoft.PowerApps/apis/shared_${apiName}`, operationId: 'GetOrders', connectionName: `shared_${apiName}` }, parameters: {} } } },
        },
      },
    }).flow!.nodes.find((n) => n.name === 'Call')!;
    const named = (apiName: string, service: string) => {
      const node = serviceOf(apiName);
      assert.deepEqual([node.role, node.service], ['http-request', service], apiName);
    };
    named('contoso-20api-5f1234567890abcd-5f1234567890abcd', 'Custom connector "contoso api"');
    named('cr8b4-5fcontoso-20orders-5f1a2b3c4d5e6f7a8b', 'Custom connector "contoso orders"');
    named('new-5finvoices', 'Custom connector "invoices"');
    assert.deepEqual([serviceOf('office365').role, serviceOf('office365').service], ['email', 'Office 365 Outlook']);
  });

  it('reports a missing definition and skips malformed actions without throwing', () => {
    assert.equal(buildPowerAutomateFlow({ properties: {} }).flow, undefined);
    assert.match(buildPowerAutomateFlow({ properties: {} }).problems[0].message, /no "properties.definition"/);
    assert.equal(buildPowerAutomateFlow('nope').problems[0].pointer, '');
    const result = buildPowerAutomateFlow({ properties: { definition: { triggers: 7, actions: { A: 'x', B: { type: 'Scope', actions: [] }, C: { type: 'Compose', runAfter: { Missing: ['Succeeded'], B: 'Failed' } } } } } });
    assert.deepEqual(result.flow!.nodes.map((n) => n.name), ['B', 'C']);
    assert.deepEqual(result.problems.map((p) => p.pointer), ['/properties/definition/triggers', '/properties/definition/actions/A', '/properties/definition/actions/B/actions']);
    assert.deepEqual(edgesOf(result.flow!), ['B -Succeeded-> C'], 'a status that is not a list counts as Succeeded; unknown predecessors are dropped');
  });

  it('builds a flow for every well-formed Power Automate file of the corpus, one node per trigger and action', corpus, () => {
    let files = 0;
    let nodes = 0;
    for (const entry of corpusEntries().filter((e) => e.format.startsWith('pa-') && !e.malformed)) {
      const value = parseJson(readCorpus(entry.path)).value;
      const flow = flowOf(entry.path);
      assert.equal(flow.nodes.length, countOperations(value), entry.path);
      assert.equal(new Set(flow.nodes.map((n) => n.id)).size, flow.nodes.length, `${entry.path}: ids are unique`);
      files++;
      nodes += flow.nodes.length;
    }
    assert.equal(files, 100);
    assert.ok(nodes > 1000, `${nodes} nodes`);
  });
});
