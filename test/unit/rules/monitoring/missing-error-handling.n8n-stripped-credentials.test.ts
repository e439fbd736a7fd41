// n8n templates are often shared with their credentials stripped. A vector store in insert mode (and the embeddings
// model it uses) calls out whatever the export says about credentials, but a LangChain node of role `other` with no
// credential reference is not a call for isOutbound (rules/flowShape.ts), so the insert is not judged: the corpus's
// "Store Notion's Pages as Vector Documents into Supabase" is info (only its Notion read counts) instead of warning.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flowFindings, n8nFlow } from '../../../helpers/dataflow.js';

const RULE = 'monitoring/missing-error-handling';

describe(`${RULE}: n8n vector store inserts exported without credentials`, () => {
  it('reports a webhook whose documents go into a Supabase vector store (insert) as a write', { todo: 'needs rules/flowShape.ts isOutbound (or the n8n connector catalogue) to count a vector store in insert/update mode, and its embeddings, as calls without credential references' }, () => {
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
});
