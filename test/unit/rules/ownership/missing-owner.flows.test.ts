// ownership/missing-owner on flows (its cross-file part): one finding per flow whose export names no owner and that no
// inventory entry documents, per platform with the platform's own spelling of owner metadata, at the flow's name.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { n8nWorkflow } from '../../../helpers/analyze.js';
import { corpusEntries, hasCorpus, readCorpus } from '../../../helpers/corpus.js';
import { inventoryFindings } from '../../../helpers/inventory.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from '../../../helpers/platformDocs.js';
import { assertRangeCovers, joinLines } from '../../../helpers/text.js';
import { laArmTemplate, laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';
import { TestWorkspace } from '../../../helpers/workspace.js';

const RULE = 'ownership/missing-owner';
const webhook = { id: 'w1', name: 'New order', type: 'n8n-nodes-base.webhook', parameters: { path: 'orders', httpMethod: 'POST', authentication: 'headerAuth' } };
const schedule = { id: 's1', name: 'Every night', type: 'n8n-nodes-base.scheduleTrigger', parameters: {} };
const http = { id: 'h1', name: 'Send to ERP', type: 'n8n-nodes-base.httpRequest', parameters: { method: 'POST', url: 'https://erp.example.com/api/orders', options: { timeout: 5000 } } };
const request = { manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST', triggerAuthenticationType: 'Tenant' } } };
const recurrence = { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } };
const call = { Call_ERP: { type: 'Http', inputs: { method: 'POST', uri: 'https://erp.example.com/api/orders' }, runAfter: {} } };
const paPackage = (triggers: object) => JSON.stringify({ name: 'f1', id: '/providers/Microsoft.Flow/flows/f1', type: 'Microsoft.Flow/flows', properties: { apiId: '/providers/Microsoft.PowerApps/apis/shared_logicflows', displayName: 'Order intake', definition: { $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#', contentVersion: '1.0.0.0', triggers, actions: call }, connectionReferences: {} } }, null, 2);
const entry = (flow: string, extra: string[]) => joinLines('inventory: 1', 'surfaces:', '  - id: order-hook', '    name: New order', '    kind: webhook', '    direction: inbound', `    flow: ${flow}`, ...extra, '');

interface Case {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  /** The flow file checked. */
  readonly flow: string;
  /** The text the finding covers, its severity and message; absent when the flow counts as owned. */
  readonly expected?: { readonly covers: string; readonly severity: 'warning' | 'info'; readonly message: RegExp };
}

const NOBODY = /Nobody is on record to review it, rotate its credentials or switch it off in an incident\.$/;

const cases: Case[] = [
  // n8n: tags are the only owner metadata an export carries.
  { name: 'an n8n flow with a webhook, no tag and no inventory, as a warning on its name', flow: 'orders.n8n.json', files: { 'orders.n8n.json': n8nWorkflow([webhook, http]) }, expected: { covers: '"Test flow"', severity: 'warning', message: /^Flow "Test flow" has no accountable owner: no tag of the workflow names one \(`owner:<team>`\), and no entry of a surface inventory documents it\. Its webhook "New order" takes calls from outside: when it is abused, nobody is on record to switch it off\.$/ } },
  { name: 'a scheduled n8n flow, as info', flow: 'nightly.n8n.json', files: { 'nightly.n8n.json': n8nWorkflow([schedule, http]) }, expected: { covers: '"Test flow"', severity: 'info', message: NOBODY } },
  { name: 'an n8n flow tagged owner:payments (a string tag)', flow: 'orders.n8n.json', files: { 'orders.n8n.json': n8nWorkflow([webhook], { tags: ['owner:payments'] }) } },
  { name: 'an n8n flow tagged createdBy:David (n8n tag objects, as the corpus has them)', flow: 'orders.n8n.json', files: { 'orders.n8n.json': n8nWorkflow([webhook], { tags: [{ id: 't1', name: 'Secops' }, { id: 't2', name: 'createdBy:David' }] }) } },
  { name: 'an n8n flow tagged owner:TODO (a placeholder)', flow: 'orders.n8n.json', files: { 'orders.n8n.json': n8nWorkflow([schedule], { tags: [{ name: 'owner: TODO' }] }) }, expected: { covers: '"Test flow"', severity: 'info', message: NOBODY } },
  { name: 'an n8n flow with unrelated tags and a GitHub node whose parameter is called owner', flow: 'gh.n8n.json', files: { 'gh.n8n.json': n8nWorkflow([schedule, { id: 'g1', name: 'Issues', type: 'n8n-nodes-base.github', parameters: { owner: 'n8n-io', repository: 'n8n' } }], { tags: [{ name: 'DevOps' }] }) }, expected: { covers: '"Test flow"', severity: 'info', message: NOBODY } },
  { name: 'an n8n export with no nodes', flow: 'empty.n8n.json', files: { 'empty.n8n.json': n8nWorkflow([]) } },
  // Inventory entries: an entry that documents the flow decides.
  { name: 'an n8n flow documented by an entry with an owner', flow: 'orders.n8n.json', files: { 'orders.n8n.json': n8nWorkflow([webhook]), 'surfaces.yaml': entry('orders.n8n.json', ['    node: New order', '    owner: payments@example.com']) } },
  { name: 'an n8n flow named by an entry (flow only, no node) with an owner', flow: 'orders.n8n.json', files: { 'orders.n8n.json': n8nWorkflow([schedule, http]), 'surfaces.yaml': entry('orders.n8n.json', ['    owner: payments@example.com']) } },
  { name: 'an n8n flow documented by an entry without an owner (the entry has the finding)', flow: 'orders.n8n.json', files: { 'orders.n8n.json': n8nWorkflow([webhook]), 'surfaces.yaml': entry('orders.n8n.json', ['    node: New order']) } },
  { name: 'an n8n flow whose only entry is retired', flow: 'orders.n8n.json', files: { 'orders.n8n.json': n8nWorkflow([webhook]), 'surfaces.yaml': entry('orders.n8n.json', ['    node: New order', '    owner: payments@example.com', '    lifecycle: { status: retired }']) }, expected: { covers: '"Test flow"', severity: 'warning', message: /^Flow "Test flow" has no accountable owner/ } },
  { name: 'an n8n flow next to an inventory that documents another flow', flow: 'orders.n8n.json', files: { 'orders.n8n.json': n8nWorkflow([webhook]), 'surfaces.yaml': entry('other.n8n.json', ['    node: New order', '    owner: payments@example.com']) }, expected: { covers: '"Test flow"', severity: 'warning', message: /^Flow "Test flow" has no accountable owner/ } },
  // Power Automate: exports carry no owner.
  { name: 'a Power Automate package flow, on its display name', flow: 'definition.json', files: { 'definition.json': paPackage(request) }, expected: { covers: '"Order intake"', severity: 'warning', message: /^Flow "Order intake" has no accountable owner: Power Automate exports carry none \(the maker stays in the environment\), and no entry/ } },
  { name: 'a Power Automate package that names its maker (definition.metadata.creator), saying so: a maker is not an owner', flow: 'definition.json', files: { 'definition.json': paPackage(recurrence).replace('"definition": {', '"definition": {\n      "metadata": { "creator": { "id": "0f1e2d3c-aaaa-bbbb-cccc-000000000001", "type": "User", "tenantId": "0f1e2d3c-aaaa-bbbb-cccc-000000000002" } },') }, expected: { covers: '"Order intake"', severity: 'info', message: /^Flow "Order intake" has no accountable owner: the export names only its maker, by Microsoft Entra object id \(`definition\.metadata\.creator`: user 0f1e2d3c-aaaa-bbbb-cccc-000000000001\), not who answers for it now, and no entry/ } },
  { name: 'a Power Automate solution flow (no name in the file), on its definition key, named by its path', flow: 'Workflows/Nightly-1A2B.json', files: { 'Workflows/Nightly-1A2B.json': paSolutionFlow(recurrence, call) }, expected: { covers: '"definition"', severity: 'info', message: /^Flow `Workflows\/Nightly-1A2B\.json` has no accountable owner: Power Automate exports carry none/ } },
  // Logic Apps: the resource's tags.
  { name: 'a Logic Apps ARM workflow without tags, on the resource name', flow: 'azuredeploy.json', files: { 'azuredeploy.json': laArmTemplate(request, call) }, expected: { covers: '"orders-intake"', severity: 'warning', message: /^Flow "orders-intake" has no accountable owner: the workflow has no `owner` \(or `createdBy`\) tag, and no entry/ } },
  // "Only other Logic Apps" writes an empty allowed-caller list: only parent workflows can call it, nothing from outside.
  { name: 'a Logic Apps ARM workflow whose Request trigger only other Logic Apps may call, as info', flow: 'azuredeploy.json', files: { 'azuredeploy.json': laArmTemplate(request, call, { accessControl: { triggers: { allowedCallerIpAddresses: [] } } }) }, expected: { covers: '"orders-intake"', severity: 'info', message: NOBODY } },
  { name: 'an n8n flow whose only webhook is a chat trigger that is not public (n8n answers its URL with 404), as info', flow: 'agent.n8n.json', files: { 'agent.n8n.json': n8nWorkflow([{ id: 'c1', name: 'Chat', type: '@n8n/n8n-nodes-langchain.chatTrigger', typeVersion: 1.1, parameters: {} }, http]) }, expected: { covers: '"Test flow"', severity: 'info', message: NOBODY } },
  { name: 'an n8n flow with a public chat trigger, as a warning', flow: 'agent.n8n.json', files: { 'agent.n8n.json': n8nWorkflow([{ id: 'c1', name: 'Chat', type: '@n8n/n8n-nodes-langchain.chatTrigger', typeVersion: 1.1, parameters: { public: true, authentication: 'basicAuth' } }, http]) }, expected: { covers: '"Test flow"', severity: 'warning', message: /Its webhook "Chat" takes calls from outside/ } },
  { name: 'a Logic Apps ARM workflow tagged Owner', flow: 'azuredeploy.json', files: { 'azuredeploy.json': laArmTemplate(request, call, {}, { Owner: 'integration-team@example.com' }) } },
  { name: 'a Logic Apps ARM workflow tagged createdBy', flow: 'azuredeploy.json', files: { 'azuredeploy.json': laArmTemplate(recurrence, call, {}, { environment: 'prod', createdBy: 'jane@example.com' }) } },
  { name: 'a Logic Apps ARM workflow with an empty owner tag', flow: 'azuredeploy.json', files: { 'azuredeploy.json': laArmTemplate(recurrence, call, {}, { owner: ' ' }) }, expected: { covers: '"orders-intake"', severity: 'info', message: NOBODY } },
  { name: 'a Logic Apps Standard workflow.json, on its definition key', flow: 'orders/workflow.json', files: { 'orders/workflow.json': laStandardWorkflow(recurrence, call) }, expected: { covers: '"definition"', severity: 'info', message: /^Flow `orders\/workflow\.json` has no accountable owner/ } },
  { name: 'a Logic Apps Standard connections.json (connections, not a workflow)', flow: 'connections.json', files: { 'connections.json': JSON.stringify({ managedApiConnections: { office365: { api: { id: '/subscriptions/s/providers/Microsoft.Web/locations/w/managedApis/office365' }, connection: { id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/connections/office365' }, connectionRuntimeUrl: 'https://example.azure-apim.net/apim/office365/1', authentication: { type: 'ManagedServiceIdentity' } } } }, null, 2) } },
  // Node-RED, Make, Zapier: no owner in the export.
  { name: 'a Node-RED flow with an http in node, on its tab label', flow: 'flows.json', files: { 'flows.json': nodeRedFlow({ id: 't1', type: 'tab', label: 'Orders', info: '' }, { id: 'n1', type: 'http in', z: 't1', url: '/orders', method: 'post', wires: [[]] }) }, expected: { covers: '"Orders"', severity: 'warning', message: /^Flow "Orders" has no accountable owner: Node-RED flow files carry none, and no entry/ } },
  { name: 'a Node-RED subflow export (no tab), on the subflow name', flow: 'notify.json', files: { 'notify.json': nodeRedFlow({ id: 'sf1', type: 'subflow', name: 'Notify', info: '', in: [], out: [] }, { id: 'n1', type: 'function', z: 'sf1', name: 'Format', func: 'return msg;', wires: [] }) }, expected: { covers: '"Notify"', severity: 'info', message: /^Flow "Notify" has no accountable owner: Node-RED flow files carry none/ } },
  { name: 'a Make scenario, on its name', flow: 'scenario.blueprint.json', files: { 'scenario.blueprint.json': makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: 'https://erp.example.com/api', method: 'post' } }) }, expected: { covers: '"Test scenario"', severity: 'info', message: /^Flow "Test scenario" has no accountable owner: Make blueprints carry none/ } },
  { name: 'a Zapier zap with a catch hook, on its title', flow: 'zapfile.json', files: { 'zapfile.json': zapierExport({ 1: { id: 1, type_of: 'read', selected_api: 'WebHookCLIAPI', action: 'hook', params: {}, parent_id: null, title: 'Incoming orders' }, 2: { id: 2, parent_id: 1, type_of: 'write', selected_api: 'SlackAPI', action: 'channel_message', params: { channel: '#orders' } } }) }, expected: { covers: '"Test zap"', severity: 'warning', message: /^Flow "Test zap" has no accountable owner: Zapier exports carry none/ } },
];

describe(`${RULE} on flows`, () => {
  for (const c of cases) {
    it(c.expected ? `reports ${c.name}` : `stays quiet for ${c.name}`, () => {
      const ws = new TestWorkspace(c.files);
      const findings = ws.findings(c.flow, RULE);
      if (!c.expected) return assert.deepEqual(findings.map((f) => f.message), []);
      assert.equal(findings.length, 1, 'one finding per flow');
      const [finding] = findings;
      assertRangeCovers(c.files[c.flow], finding.range, c.expected.covers);
      assert.equal(finding.severity, c.expected.severity);
      assert.match(finding.message, c.expected.message);
    });
  }

  it('leaves the gap of an entry without an owner to the entry: one finding, in the inventory', () => {
    const inventory = entry('orders.n8n.json', ['    node: New order']);
    const ws = new TestWorkspace({ 'orders.n8n.json': n8nWorkflow([webhook]), 'surfaces.yaml': inventory });
    assert.deepEqual(ws.findings('orders.n8n.json', RULE), []);
    const [gap, ...more] = inventoryFindings(RULE, inventory);
    assert.equal(more.length, 0);
    assertRangeCovers(inventory, gap.range, 'order-hook');
  });

  it('reports one finding per flow however many nodes, keyed by the flow (stable when nodes move), and follows settings', () => {
    const many = n8nWorkflow([webhook, schedule, http, { ...http, id: 'h2', name: 'Send to CRM' }, { ...webhook, id: 'w2', name: 'Refund' }]);
    const before = new TestWorkspace({ 'orders.n8n.json': many }).findings('orders.n8n.json', RULE);
    assert.equal(before.length, 1);
    const reordered = n8nWorkflow([http, webhook, schedule]);
    const after = new TestWorkspace({ 'orders.n8n.json': reordered }).findings('orders.n8n.json', RULE);
    assert.equal(after[0].fingerprint, before[0].fingerprint);
    assert.equal(new TestWorkspace({ 'orders.n8n.json': many }, { rules: { [RULE]: 'error' } }).findings('orders.n8n.json', RULE)[0].severity, 'error');
    assert.deepEqual(new TestWorkspace({ 'orders.n8n.json': many }, { rules: { [RULE]: 'off' } }).findings('orders.n8n.json', RULE), []);
  });

  it('on the real exports: one finding per flow, none where a createdBy: tag names an owner or the file holds only connections', { skip: !hasCorpus && 'no ../shared/corpus' }, () => {
    const pick = (part: string) => corpusEntries().find((e) => e.path.includes(part))!.path;
    const tagged = pick('1772_Filter_Rssfeedread_Monitor_Scheduled.json');
    const plain = pick('Zie619__n8n-workflows/workflows/Github/0135_GitHub_Cron_Create_Scheduled.json');
    const connections = corpusEntries().find((e) => e.format === 'la-standard-connections')!.path;
    const ws = new TestWorkspace({ [tagged]: readCorpus(tagged), [plain]: readCorpus(plain), [connections]: readCorpus(connections) });
    assert.deepEqual(ws.findings(tagged, RULE), [], 'tagged createdBy:David');
    assert.deepEqual(ws.findings(connections, RULE), []);
    const [finding, ...more] = ws.findings(plain, RULE);
    assert.equal(more.length, 0, 'a GitHub node\'s `owner` parameter is the repository owner, not the flow\'s');
    assert.match(finding.message, /no tag of the workflow names one/);
  });

  it('clears when an inventory entry with an owner comes to document the flow, and comes back when it goes', () => {
    const ws = new TestWorkspace({ 'orders.n8n.json': n8nWorkflow([webhook]) });
    assert.equal(ws.findings('orders.n8n.json', RULE).length, 1);
    ws.set('surfaces.yaml', entry('orders.n8n.json', ['    node: New order', '    owner: payments@example.com']));
    assert.deepEqual(ws.findings('orders.n8n.json', RULE), []);
    ws.delete('surfaces.yaml');
    assert.equal(ws.findings('orders.n8n.json', RULE).length, 1);
  });
});
