import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
    // Keys nested in a value, or written inside a string, are not the document's.
    assert.equal(sniff('{"data": {"zaps": [], "flow": [{"module": "a:b"}]}}', 'x.json').format, 'unknown');
    assert.equal(sniff('{"note": "\\"zaps\\": [1]", "other": 1}', 'x.json').format, 'unknown');
    assert.equal(sniff('{"text": "{\\"nodes\\": [\\"n8n-nodes-base.set\\"]}"}', 'x.json').format, 'unknown');
  });
});
