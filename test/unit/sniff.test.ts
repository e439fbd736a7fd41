import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze.js';
import { sniff } from '../../server/src/core/sniff.js';
import { corpusEntries, hasCorpus, readCorpus } from '../helpers/corpus.js';

describe('sniff', () => {
  it('recognises every file of the corpus as the format its manifest says', { skip: !hasCorpus && 'no ../shared/corpus' }, () => {
    const wrong: string[] = [];
    const entries = corpusEntries();
    for (const entry of entries) {
      const got = sniff(readCorpus(entry.path), entry.path).detail;
      if (got !== entry.format) wrong.push(`${entry.path}: expected ${entry.format}, got ${got}`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(entries.length > 1400);
  });

  it('recognises inventories and policies by name and by content', () => {
    assert.equal(sniff('surfaces: []', 'team/payments.surfaces.yaml').format, 'surface-inventory');
    assert.equal(sniff('surfaces: []', 'surfaces.yaml').format, 'surface-inventory');
    assert.equal(sniff('{"surfaces": []}', 'x/api.surfaces.json').format, 'surface-inventory');
    assert.equal(sniff('inventory: 1\nsurfaces: []', 'docs/integrations.yaml').format, 'surface-inventory');
    assert.equal(sniff('suppressions: []', '.surface-review.yaml').format, 'policy');
  });

  it('says "unknown" for files that are not ours, from their start', () => {
    for (const [text, name] of [
      ['{"name": "my-app", "version": "1.0.0", "dependencies": {}}', 'package.json'],
      ['{"compilerOptions": {}}', 'tsconfig.json'],
      ['[1, 2, 3]', 'data.json'],
      ['version: 2\nservices: {}', 'docker-compose.yml'],
      ['', 'empty.json'],
      ['\u0000\u0001binary', 'blob.json'],
    ]) {
      assert.equal(sniff(text, name).format, 'unknown', name);
    }
  });

  it('recognises n8n, Node-RED, Make and Zapier shapes written by hand', () => {
    assert.equal(sniff('{"nodes": [{"type": "n8n-nodes-base.webhook"}], "connections": {}}', 'a.json').format, 'n8n');
    assert.equal(sniff('[{"id": "1", "type": "http in", "z": "t", "wires": []}]', 'flows.json').format, 'node-red');
    assert.equal(sniff('{"name": "s", "flow": [{"id": 1, "module": "gateway:CustomWebHook"}]}', 'b.json').format, 'make');
    assert.equal(sniff('{"zaps": [{"id": 1, "steps": []}]}', 'zapfile.json').format, 'zapier');
    assert.equal(sniff('{"flows_cred": 1}', 'flows_cred.json').detail, 'nodered-credentials-file');
  });

  it('reads the format from the document\'s own members, not from another platform\'s object carried in a value', () => {
    // An n8n workflow whose pinned data holds Logic Apps connection and local-settings keys is still n8n.
    const pinned = '{"Azure": [{"json": {"managedApiConnections": {}, "IsEncrypted": false, "Values": {}}}]}';
    const n8n = `{"nodes": [{"type": "n8n-nodes-base.httpRequest", "parameters": {}}], "connections": {}, "pinData": ${pinned}}`;
    assert.equal(sniff(n8n, 'flow.json').detail, 'n8n-workflow');
    assert.equal(sniff('{"managedApiConnections": {}, "serviceProviderConnections": {}}', 'connections.json').detail, 'la-standard-connections');
    assert.equal(sniff('{"IsEncrypted": false, "Values": {"AzureWebJobsStorage": "UseDevelopmentStorage=true"}}', 'local.settings.json').detail, 'la-standard-local-settings');
    // Steps that post an n8n workflow (or hold Make/Zapier-like keys) to an API do not make the export n8n.
    const workflow = '{"name": "copy", "nodes": [{"type": "n8n-nodes-base.webhook", "typeVersion": 1}], "connections": {}}';
    const make = `{"name": "s", "flow": [{"id": 1, "module": "http:ActionSendData", "mapper": {"data": ${JSON.stringify(workflow)}, "body": ${workflow}}}], "metadata": {}}`;
    assert.equal(sniff(make, 'blueprint.json').detail, 'make-blueprint');
    const zapier = `{"zaps": [{"id": 1, "steps": [{"params": {"body": ${workflow}}}]}]}`;
    assert.equal(sniff(zapier, 'zapfile.json').detail, 'zapier-export');
    const pa = `{"properties": {"connectionReferences": {}, "definition": {"triggers": {}, "actions": {"Post": {"type": "Http", "inputs": {"body": ${workflow}}}}}}}`;
    assert.equal(sniff(pa, 'flow.json').detail, 'pa-solution-flow');
    // Keys written inside a string are not the document's.
    assert.equal(sniff('{"note": "\\"zaps\\": [1]", "other": 1}', 'x.json').format, 'unknown');
    assert.equal(sniff('{"text": "{\\"nodes\\": [\\"n8n-nodes-base.set\\"]}"}', 'x.json').format, 'unknown');
  });

  it('still reads a wrapped workflow or blueprint as its platform, so its adapter can say what to export instead', () => {
    const workflow = '{"name": "w", "nodes": [{"type": "n8n-nodes-base.webhook", "typeVersion": 1}], "connections": {}}';
    assert.equal(sniff(`{"data": ${workflow}}`, 'api-response.json').detail, 'n8n-workflow');
    const told = analyze({ uri: 'file:///api-response.json', path: 'api-response.json', text: `{"data": ${workflow}}` }, { today: new Date() }).findings;
    assert.match(told.map((f) => f.message).join('\n'), /looks like an n8n export but has no "nodes" array.*Export the workflow again/);
    assert.equal(sniff(`{"workflow": {"id": 1, "workflow": ${workflow}}}`, 'template.json').detail, 'n8n-workflow');
    assert.equal(sniff('{"response": {"blueprint": {"name": "s", "flow": [{"id": 1, "module": "gateway:CustomWebHook"}]}}}', 'make.json').detail, 'make-blueprint');
    // A Logic Apps definition whose step posts an n8n workflow is Logic Apps.
    const wdl = `{"definition": {"$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#", "actions": {"Post": {"type": "Http", "inputs": {"body": ${workflow}}}}, "triggers": {}}, "kind": "Stateful"}`;
    assert.equal(sniff(wdl, 'workflow.json').format, 'logic-apps');
  });

  it('skips comments before the members it reads', () => {
    assert.equal(sniff('{ // Don\'t edit "by hand\n  "managedApiConnections": {} }', 'connections.json').detail, 'la-standard-connections');
    assert.equal(sniff('{ /* { "x": [ */ "IsEncrypted": false, "Values": {} }', 'local.settings.json').detail, 'la-standard-local-settings');
    // The local settings' Values must be the file's own too.
    assert.equal(sniff('{"IsEncrypted": false, "Other": {"Values": {}}}', 'local.settings.json').format, 'unknown');
  });
});

describe('sniff: parameter files committed beside Logic Apps', () => {
  const armParameters = (schema: string) => `{\n  "$schema": "${schema}",\n  "contentVersion": "1.0.0.0",\n  "parameters": {\n    "workflowName": { "value": "orders" }\n  }\n}`;

  it('reads an ARM deployment parameters file by its $schema, old and new, whatever its name', () => {
    for (const schema of [
      'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
      'https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#',
      'http://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json',
    ]) {
      for (const name of ['azuredeploy.parameters.json', 'parameters.json', 'deploy/prod.json']) {
        const got = sniff(armParameters(schema), name);
        assert.deepEqual([got.format, got.detail], ['logic-apps', 'la-arm-parameters'], `${schema} ${name}`);
      }
    }
    const reference = '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": {"sqlPassword": {"reference": {"keyVault": {"id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"}, "secretName": "sql-password"}}}}';
    assert.equal(sniff(reference, 'x.parameters.json').detail, 'la-arm-parameters');
  });

  it('does not take a template, or a document that names the parameters schema in a value, for a parameters file', () => {
    assert.notEqual(sniff('{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "parameters": {}, "resources": []}', 'azuredeploy.json').detail, 'la-arm-parameters');
    assert.equal(sniff('{"docs": {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"}, "parameters": {}}', 'x.json').format, 'unknown');
  });

  it('reads a Logic Apps Standard parameters.json: named so, and every member { type, value } with a WDL type, any case', () => {
    const standard = '{\n  "apiBaseUrl": { "type": "String", "value": "https://api.example.com" },\n  "ordersApiKey": { "type": "string", "value": "@appsetting(\'OrdersApiKey\')" },\n  "retries": { "type": "Int", "value": 3 },\n  "auth": { "type": "Object", "value": { "type": "QueryString", "name": "Code", "value": "@appsetting(\'code\')" } }\n}';
    for (const name of ['parameters.json', 'src/orders-app/parameters.json', 'C:\\repo\\app\\Parameters.json']) {
      const got = sniff(standard, name);
      assert.deepEqual([got.format, got.detail], ['logic-apps', 'la-standard-parameters'], name);
    }
    assert.equal(sniff(standard, 'settings.json').format, 'unknown', 'the content alone is not distinctive');
  });

  it('leaves other JSON files named parameters.json alone', () => {
    for (const text of [
      '{}',
      '{"timeout": 30, "endpoint": "https://api.example.com"}',
      '{"learningRate": {"type": "float", "value": 0.01}, "layers": {"type": "int", "value": 4, "min": 1}}',
      '{"a": {"type": "String", "value": "x"}, "b": "plain"}',
      '{"a": {"type": "text", "value": "x"}}',
      '{"a": {"type": "String"}}',
      '[{"type": "String", "value": "x"}]',
    ]) {
      assert.equal(sniff(text, 'config/parameters.json').format, 'unknown', text);
    }
  });
});
