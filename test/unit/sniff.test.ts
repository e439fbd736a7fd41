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
