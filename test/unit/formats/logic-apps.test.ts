import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import { buildLogicAppsFlow } from '../../../server/src/core/formats/logic-apps.js';
import { flowSurfaces, type Flow } from '../../../server/src/core/model/index.js';
import { parseJson } from '../../../server/src/core/parse/json.js';
import type { FormatDetail } from '../../../server/src/core/sniff.js';
import { TODAY } from '../../helpers/analyze.js';
import { corpusEntries, hasCorpus, readCorpus } from '../../helpers/corpus.js';
import { countOperations } from '../../helpers/wdl.js';

const corpus = { skip: !hasCorpus && 'no ../shared/corpus' };
const LA = 'logicapps/Azure__logicapps';
const flowOf = (detail: FormatDetail, path: string) => {
  const result = buildLogicAppsFlow(detail, parseJson(readCorpus(path)).value);
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
const surfacesOf = (flow: Flow) => flowSurfaces(flow).map((s) => `${s.direction} ${s.kind} ${s.service} (${s.nodeName})`);

describe('Logic Apps adapter', () => {
  it('builds a gallery template: connector trigger, Scope with a plain-HTTP call, run-after-failed path', corpus, () => {
    const flow = flowOf('la-gallery-template', `${LA}/templates/service-bus-peek-lock-dead-letter.json`);
    assert.equal(flow.platform, 'logic-apps');
    assert.equal(flow.id, '9dcb7d1d-28d7-4b51-850a-0cde84272c07');
    assert.deepEqual(flow.nodes.map((n) => [n.name, n.type, n.role, n.service]), [
      ['When_a_message_is_received_in_a_queue_(peek-lock)', 'ApiConnection', 'trigger-event', 'Azure Service Bus'],
      ['Complete_the_message_in_a_queue', 'ApiConnection', 'messaging', 'Azure Service Bus'],
      ['Dead-letter_the_message_in_a_queue', 'ApiConnection', 'messaging', 'Azure Service Bus'],
      ['Scope', 'Scope', 'control', undefined],
      ['HTTP', 'Http', 'http-request', 'HTTP'],
    ]);
    const http = node(flow, 'HTTP');
    assert.equal(http.pointer, '/properties/definition/actions/Scope/actions/HTTP');
    assert.equal(http.endpointPointer, '/properties/definition/actions/Scope/actions/HTTP/inputs/uri');
    assert.match(http.endpoint!, /^http:\/\/api\.geonames\.org\//);
    assert.equal(http.method, 'GET');
    assert.deepEqual(flow.nodes[0].credentialRefs, [{ type: 'servicebus', name: 'servicebus' }], 'from the template connectionReferences');
    assert.deepEqual(edgesOf(flow), [
      'Scope -Succeeded-> Complete_the_message_in_a_queue',
      'Scope -Failed-> Dead-letter_the_message_in_a_queue',
      'When_a_message_is_received_in_a_queue_(peek-lock) -Succeeded-> Scope',
      'Scope -body-> HTTP',
    ]);
    assert.deepEqual(surfacesOf(flow), [
      'inbound event-stream Azure Service Bus (When_a_message_is_received_in_a_queue_(peek-lock))',
      'outbound connector Azure Service Bus (Complete_the_message_in_a_queue)',
      'outbound connector Azure Service Bus (Dead-letter_the_message_in_a_queue)',
      'outbound api HTTP (HTTP)',
    ]);
  });

  it('builds every workflow of an ARM template, nested deployments included, with SAS-only Request triggers', corpus, () => {
    const flow = flowOf('la-arm-template', `${LA}/scripts/recurrence-jobs/schedulesWithConn.json`);
    const triggers = flow.nodes.filter((n) => n.role === 'trigger-webhook');
    assert.deepEqual(triggers.map((n) => n.id), [
      "[parameters('CreateRecurrenceJobLogicAppName')]/manual",
      "[parameters('ExecuteRecurrenceJobLogicAppName')]/manual",
      "[parameters('RescheduleRecurrenceJobLogicAppName')]/manual",
      "[parameters('ExecuteRecurrenceJobLogicAppName')]#2/manual",
    ]);
    assert.deepEqual(triggers[0].auth, { method: 'SAS', none: true, pointer: '/resources/1/properties/definition/triggers/manual' });
    assert.equal(triggers[3].pointer, '/resources/4/properties/template/resources/0/properties/definition/triggers/manual');
    const send = flow.nodes.find((n) => n.id === "[parameters('ExecuteRecurrenceJobLogicAppName')]/Send_message")!;
    assert.deepEqual([send.role, send.service, send.credentialRefs[0].name], ['messaging', 'Azure Service Bus', 'servicebus_'], 'a computed connection name keeps its literal prefix');
    const edges = edgesOf(flow);
    assert.ok(edges.includes("[parameters('CreateRecurrenceJobLogicAppName')]/Condition -true-> [parameters('CreateRecurrenceJobLogicAppName')]/Until_2"));
    assert.ok(edges.includes("[parameters('CreateRecurrenceJobLogicAppName')]/Until_2 -body-> [parameters('CreateRecurrenceJobLogicAppName')]/Increment_variable_2"));
    assert.equal(flow.settings.state, 'Enabled');
    assert.deepEqual(flowSurfaces(flow).map((s) => s.direction).sort(), ['inbound', 'inbound', 'inbound', 'inbound', 'outbound', 'outbound']);
  });

  it('builds a Standard workflow with built-in service providers and inline code', corpus, () => {
    const flow = flowOf('la-standard-workflow', `${LA}/LogicApps-AI-RAG-Demo/SampleAIWorkflows/RAG-Retrieval-Workflow/workflow.json`);
    assert.deepEqual(flow.settings, { kind: 'Stateful' });
    assert.deepEqual(flow.nodes[0].auth, { method: 'SAS', none: true, pointer: '/definition/triggers/When_a_HTTP_request_is_received' });
    assert.deepEqual([node(flow, 'Execute_JavaScript_Code').role, node(flow, 'Execute_JavaScript_Code').service], ['code', 'Inline JavaScript']);
    const search = node(flow, 'Vector_search');
    assert.deepEqual([search.type, search.role, search.service, search.credentialRefs], ['ServiceProvider', 'database', 'Azure AI Search', [{ type: 'azureaisearch', name: 'azureaisearch' }]]);
    assert.deepEqual(surfacesOf(flow), [
      'inbound webhook HTTP request (When_a_HTTP_request_is_received)',
      'outbound connector Azure OpenAI (get_search_query)',
      'outbound connector Azure OpenAI (Get_an_embedding)',
      'outbound database Azure AI Search (Vector_search)',
      'outbound connector Azure OpenAI (Get_chat_completions)',
    ]);
  });

  it('walks If else-branches, Until bodies and Agent tools, and spells run-after statuses one way', corpus, () => {
    const flow = flowOf('la-standard-workflow', `${LA}/agentic-sap-workflows/Workflows/AgenticIDocFilteringWorkflow.json`);
    assert.deepEqual([flow.nodes[0].role, flow.nodes[0].service], ['trigger-event', 'SAP']);
    assert.equal(node(flow, 'Get_validation_document').pointer, '/definition/actions/Data_Validation_Agent/tools/Get_validation_rules/actions/Get_validation_document');
    assert.deepEqual([node(flow, 'Data_Validation_Agent').role, node(flow, 'Get_validation_document').service], ['ai', 'SharePoint']);
    const lease = node(flow, 'Acquire_validation_errors_blob_lease');
    assert.deepEqual([lease.auth.method, lease.scopes], ['ManagedServiceIdentity', ['https://storage.azure.com/']]);
    const edges = edgesOf(flow);
    for (const e of [
      'Validate_requested_action -false-> Send_exception_to_SAP_server',
      'Data_Validation_Agent -tool:Get_validation_rules-> Get_validation_document',
      'Until_lease_is_acquired -body-> Delay',
      'Acquire_validation_errors_blob_lease -TimedOut-> Set_status_code',
      'Send_exception_to_SAP_server -Succeeded-> Terminate',
    ]) assert.ok(edges.includes(e), e);
  });

  it('resolves connections of a { $connections, definition } wrapper', corpus, () => {
    const flow = flowOf('wdl-definition-wrapper', `${LA}/scripts/scheduler-migration/run-once-handler.json`);
    const send = node(flow, 'Send_message');
    assert.deepEqual([send.role, send.service, send.credentialRefs[0].type, send.pointer], ['messaging', 'Azure Service Bus', 'servicebus', '/definition/actions/Send_message']);
    assert.deepEqual(edgesOf(flow), ['manual -Succeeded-> Delay_until', 'Delay_until -Succeeded-> Send_message']);
    assert.deepEqual(surfacesOf(flow), ['inbound webhook HTTP request (manual)', 'outbound connector Azure Service Bus (Send_message)']);
  });

  it('models each connection of a Standard connections.json as an outbound node', corpus, () => {
    const flow = flowOf('la-standard-connections', `${LA}/arc-enabled-logic-app-sample/src/connections.json`);
    assert.deepEqual(flow.nodes.map((n) => [n.id, n.type, n.role, n.service, n.auth.method, n.pointer]), [
      ['azuretables', 'managedApiConnection', 'database', 'Azure Table Storage', 'ActiveDirectoryOAuth', '/managedApiConnections/azuretables'],
      ['AzureBlob', 'serviceProviderConnection', 'storage', 'Azure Blob Storage', undefined, '/serviceProviderConnections/AzureBlob'],
    ]);
    assert.deepEqual(flow.edges, []);
    const rag = flowOf('la-standard-connections', `${LA}/LogicApps-AI-RAG-Demo/SampleAIWorkflows/connections.json`);
    const openai = node(rag, 'openai');
    assert.deepEqual([openai.role, openai.service, openai.endpointPointer, openai.auth.method], ['ai', 'Azure OpenAI', '/serviceProviderConnections/openai/parameterValues/openAIEndpoint', 'KeyAndEndpointConnection']);
    assert.deepEqual(surfacesOf(rag), ['outbound database SQL Server (sql)', 'outbound connector Azure OpenAI (openai)', 'outbound database Azure AI Search (azureaisearch)']);
  });

  it("names a gallery template by its display name, none when that is a placeholder (not by its gallery id)", () => {
    const gallery = (displayName?: string) => buildLogicAppsFlow('la-gallery-template', {
      id: '/providers/Microsoft.Logic/galleries/public/templates/0d81d53d04d14f3f99bf3830813b02a2',
      type: 'Microsoft.Logic/galleries/templates',
      name: '0d81d53d04d14f3f99bf3830813b02a2',
      properties: { displayName, definition: { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: {} } },
    }).flow!;
    assert.deepEqual([gallery('Delete old Azure blobs').name, gallery(' Scheduler - Add message to queue ').name], ['Delete old Azure blobs', 'Scheduler - Add message to queue']);
    // The gallery fills in a resource string; a sample's placeholder; none at all.
    for (const displayName of ['${Resources.TEMPLATE_MAILCHIMP_SHAREPOINT_DISPLAYNAME}', '{Name of the template}', undefined]) {
      const flow = gallery(displayName);
      assert.deepEqual([flow.name, flow.id], ['', '0d81d53d04d14f3f99bf3830813b02a2'], displayName);
    }
  });

  it('gallery templates of the corpus: the monitoring message names the template, or says "This workflow"', corpus, () => {
    const message = (file: string) => {
      const path = `${LA}/templates/${file}`;
      return analyze({ uri: `file:///corpus/${path}`, path, text: readCorpus(path) }, { today: TODAY }).findings.find((f) => f.ruleId === 'monitoring/missing-error-handling')?.message ?? '';
    };
    assert.match(message('mailchimp-sharepoint.json'), /^This workflow has no error path/);
  });

  it('builds no flow for local.settings.json', corpus, () => {
    const result = buildLogicAppsFlow('la-standard-local-settings', parseJson(readCorpus(`${LA}/ai-sample/SampleAIWorkflows/local.settings.json`)).value);
    assert.deepEqual(result, { problems: [] });
  });

  it('builds no flow for parameter files (ARM deployment parameters, Standard parameters.json): nobody runs them', () => {
    const arm = { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: { workflowName: { value: 'orders' } } };
    assert.deepEqual(buildLogicAppsFlow('la-arm-parameters', arm), { problems: [] });
    assert.deepEqual(buildLogicAppsFlow('la-standard-parameters', { apiBase: { type: 'String', value: 'https://api.example.com' } }), { problems: [] });
  });

  it('restricts Request triggers by accessControl, reads the owner tag and bare definitions', () => {
    const arm = (properties: object, tags?: object) => buildLogicAppsFlow('la-arm-template', {
      resources: [{ type: 'Microsoft.Logic/workflows', name: 'intake', tags, properties: { definition: { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: {} }, ...properties } }],
    }).flow!;
    const base = '/resources/0/properties/accessControl/triggers';
    assert.deepEqual(arm({}).nodes[0].auth, { method: 'SAS', none: true, pointer: '/resources/0/properties/definition/triggers/manual' });
    assert.deepEqual(arm({ accessControl: { triggers: { allowedCallerIpAddresses: [] } } }).nodes[0].auth, { method: 'only other Logic Apps (parent workflows)', none: false, pointer: `${base}/allowedCallerIpAddresses` });
    assert.deepEqual(arm({ accessControl: { triggers: { allowedCallerIpAddresses: [{ addressRange: '10.0.0.0/24' }] } } }).nodes[0].auth, { method: 'SAS and allowed caller IPs', none: false, pointer: `${base}/allowedCallerIpAddresses` });
    assert.deepEqual(arm({ accessControl: { triggers: { openAuthenticationPolicies: { policies: { entra: { type: 'AAD', claims: [] } } } } } }).nodes[0].auth, { method: 'OAuth (Microsoft Entra ID)', none: false, pointer: `${base}/openAuthenticationPolicies` });
    assert.equal(arm({}, { Owner: 'integration-team@contoso.com' }).owner, 'integration-team@contoso.com');
    assert.equal(arm({}, { owner: ' ' }).owner, undefined);
    assert.equal(arm({}).name, 'intake');

    const bare = buildLogicAppsFlow('la-definition', {
      triggers: { every_hour: { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: 1 } } },
      actions: { Route: { type: 'Switch', expression: '@x', cases: { A: { case: 'a', actions: { Call: { type: 'Http', inputs: { method: 'POST', uri: 'https://a.example.com' } } } } }, default: { actions: { Mail: { type: 'ApiConnection', inputs: { host: { connection: { referenceName: 'office365-2' } } } } } } } },
    }).flow!;
    assert.deepEqual(bare.nodes.map((n) => [n.id, n.role, n.service, n.pointer]), [
      ['every_hour', 'trigger-schedule', 'Schedule', '/triggers/every_hour'],
      ['Route', 'control', undefined, '/actions/Route'],
      ['Call', 'http-request', 'HTTP', '/actions/Route/cases/A/actions/Call'],
      ['Mail', 'email', 'Office 365 Outlook', '/actions/Route/default/actions/Mail'],
    ]);
    assert.deepEqual(edgesOf(bare), ['every_hour -Succeeded-> Route', 'Route -case:A-> Call', 'Route -default-> Mail']);
    assert.deepEqual((bare.nodes[1].parameters as Record<string, unknown>).cases, undefined, 'a container keeps its own settings, not its nested actions');
  });

  it('reports structures it cannot build from, without throwing', () => {
    assert.match(buildLogicAppsFlow('la-standard-workflow', { kind: 'Stateful' }).problems[0].message, /no "definition" object/);
    assert.match(buildLogicAppsFlow('la-arm-template', { resources: [{ type: 'Microsoft.Web/connections' }] }).problems[0].message, /no Microsoft\.Logic\/workflows resource/);
    const computed = buildLogicAppsFlow('la-arm-template', { resources: [{ type: 'Microsoft.Logic/workflows', name: 'w', properties: { definition: "[variables('definition')]" } }] });
    assert.deepEqual(computed.problems.map((p) => p.pointer), ['/resources/0/properties']);
    assert.equal(buildLogicAppsFlow('la-definition', []).flow, undefined);
    const broken = buildLogicAppsFlow('la-standard-connections', { managedApiConnections: { bad: 3, ok: { api: { id: '<enter-api-id-here>' } } } });
    assert.deepEqual(broken.problems.map((p) => p.pointer), ['/managedApiConnections/bad']);
    assert.deepEqual(broken.flow!.nodes.map((n) => [n.id, n.service]), [['ok', 'ok']]);
  });

  it('builds a flow for every well-formed Logic Apps file of the corpus, one node per trigger, action or connection', corpus, () => {
    const counts = new Map<string, number>();
    for (const entry of corpusEntries().filter((e) => (e.format.startsWith('la-') || e.format === 'wdl-definition-wrapper') && !e.malformed)) {
      const value = parseJson(readCorpus(entry.path)).value as Record<string, object>;
      const result = buildLogicAppsFlow(entry.format as FormatDetail, value);
      assert.deepEqual(result.problems, [], entry.path);
      counts.set(entry.format, (counts.get(entry.format) ?? 0) + 1);
      if (entry.format === 'la-standard-local-settings') {
        assert.equal(result.flow, undefined, entry.path);
        continue;
      }
      const expected = entry.format === 'la-standard-connections'
        ? ['managedApiConnections', 'serviceProviderConnections', 'functionConnections', 'agentConnections', 'apiManagementConnections'].reduce((n, group) => n + Object.keys(value[group] ?? {}).length, 0)
        : countOperations(value);
      assert.equal(result.flow!.nodes.length, expected, entry.path);
      assert.equal(new Set(result.flow!.nodes.map((n) => n.id)).size, expected, `${entry.path}: ids are unique`);
    }
    assert.deepEqual(Object.fromEntries([...counts].sort()), {
      'la-arm-template': 1,
      'la-gallery-template': 46,
      'la-standard-connections': 7,
      'la-standard-local-settings': 6,
      'la-standard-workflow': 18,
      'wdl-definition-wrapper': 1,
    });
  });
});
