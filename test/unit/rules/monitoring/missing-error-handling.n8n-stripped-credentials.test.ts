// n8n templates are often shared with their credentials stripped. A vector store (and the embeddings model it uses)
// calls out whatever the export says about credentials: the connector catalogue gives them the roles database and ai
// (knowledge/connectors/n8n.ts), so an insert is judged as the write it is. Before, a LangChain node of role `other` with
// no credential reference was no call, and the corpus's "Store Notion's Pages as Vector Documents into Supabase" was info.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flowFindings, n8nFlow } from '../../../helpers/dataflow.js';

const RULE = 'monitoring/missing-error-handling';

describe(`${RULE}: n8n vector store inserts exported without credentials`, () => {
  it('reports a webhook whose documents go into a Supabase vector store (insert) as a write', () => {
    const text = n8nFlow([
      { name: 'Page', type: 'webhook', parameters: { path: 'pages', httpMethod: 'POST' } },
      { name: 'Store', type: '@n8n/n8n-nodes-langchain.vectorStoreSupabase', parameters: { mode: 'insert', tableName: { __rl: true, value: 'documents', mode: 'list' } } },
      { name: 'Embed', type: '@n8n/n8n-nodes-langchain.embeddingsOpenAi', parameters: {} },
      { name: 'Load', type: '@n8n/n8n-nodes-langchain.documentDefaultDataLoader', parameters: {} },
    ], [['Page', 'Store'], ['Embed', 'Store', 'ai_embedding'], ['Load', 'Store', 'ai_document']]);
    const findings = flowFindings(RULE, { text });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
  });
  it('judges the in-memory vector store as no write (it keeps documents in n8n): only the embeddings call counts', () => {
    const text = n8nFlow([
      { name: 'Page', type: 'webhook', parameters: { path: 'pages', httpMethod: 'POST' } },
      { name: 'Store', type: '@n8n/n8n-nodes-langchain.vectorStoreInMemory', parameters: { mode: 'insert', memoryKey: 'pages' } },
      { name: 'Embed', type: '@n8n/n8n-nodes-langchain.embeddingsOpenAi', parameters: {} },
    ], [['Page', 'Store'], ['Embed', 'Store', 'ai_embedding']]);
    const findings = flowFindings(RULE, { text });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'info');
  });
});
