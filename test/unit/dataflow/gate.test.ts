// The privacy rule's cheap gate: a flow whose strings read for references name no sensitive field needs no data-flow
// model. The gate must be a necessary test: it looks at every string the n8n describer reads for references (and the
// field lists that name fields in plain text), with a test that passes every spelling of a sensitive name
// (test/unit/knowledge/sensitiveData.test.ts).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import { mayReferenceMatching } from '../../../server/src/core/dataflow/index.js';
import { mayNameSensitiveField } from '../../../server/src/core/knowledge/sensitiveData.js';
import { TODAY } from '../../helpers/analyze.js';
import { flowFindings, n8nFlow, type N8nNode } from '../../helpers/dataflow.js';
import { lead, segment } from '../../helpers/privacy.js';
import { laStandardWorkflow } from '../../helpers/wdl.js';

function flowOf(text: string) {
  const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
  assert.ok(result.flow, 'a flow');
  return result.flow;
}

const gate = (nodes: N8nNode[], extra: object = {}) => mayReferenceMatching(flowOf(n8nFlow(nodes, [], extra)), mayNameSensitiveField);
const ai = { name: 'Ask', type: '@n8n/n8n-nodes-langchain.openAi', parameters: { resource: 'text', messages: { values: [{ content: '=Summarise {{ $json.subject }}' }] } } };

describe('the privacy gate (mayReferenceMatching)', () => {
  it('is true when a string read for references names a sensitive field', () => {
    assert.equal(gate([ai, { name: 'Set', type: 'set', parameters: { assignments: { assignments: [{ name: 'to', value: '={{ $json.email }}' }] } } }]), true, 'an expression');
    assert.equal(gate([ai, { name: 'Query', type: 'postgres', parameters: { query: 'SELECT 1 WHERE id = {{ $json.phone }}' } }]), true, '{{ }} text without "="');
    assert.equal(gate([ai, { name: 'Code', type: 'code', parameters: { jsCode: 'return items.map((i) => ({ json: { to: i.json.address } }));' } }]), true, 'code');
    assert.equal(gate([ai, { name: 'Legacy', type: 'function', parameters: { functionCode: 'return [{ json: { d: items[0].json.dateOfBirth } }];' } }]), true, 'old Function code');
    assert.equal(gate([ai, { name: 'Set', type: 'set', parameters: { assignments: { assignments: [{ name: 'card', value: '={{ $json.body.cc_number }}' }] } } }]), true, 'a name spelled apart');
    assert.equal(gate([ai, { name: 'Lookup', type: '@n8n/n8n-nodes-langchain.toolHttpRequest', parameters: { url: 'https://api.example.com/find?mail={mail}' } }]), true, "an HTTP tool's URL placeholders");
  });

  it("is true for a field list that reads a sensitive field in plain text: Set's Include Fields, Split Out's fields", () => {
    assert.equal(gate([ai, { name: 'Keep', type: 'set', typeVersion: 3.2, parameters: { include: 'selected', includeFields: 'body.email' } }]), true, 'Set: include selected fields');
    assert.equal(gate([ai, { name: 'Each', type: 'splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.phones' } }]), true, 'Split Out: the field split');
    assert.equal(gate([ai, { name: 'Each', type: 'splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.items', include: 'selectedOtherFields', fieldsToInclude: 'body.email' } }]), true, 'Split Out: other fields included');
  });

  it('lets the privacy rule see a sensitive field that only a field list names (a webhook; Set, Split Out, Aggregate, Summarize or Rename Keys; an analytics call)', () => {
    const keepers: [string, N8nNode][] = [
      ['Set 3.2, include selected', { name: 'Keep', type: 'set', typeVersion: 3.2, parameters: { include: 'selected', includeFields: 'body.email' } }],
      ['Set 3.4, include other fields: selected', { name: 'Keep', type: 'set', typeVersion: 3.4, parameters: { mode: 'manual', includeOtherFields: true, include: 'selected', includeFields: 'body.email', assignments: { assignments: [] } } }],
      ['Split Out', { name: 'Keep', type: 'splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.email' } }],
      ['Aggregate', { name: 'Keep', type: 'aggregate', typeVersion: 1, parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'body.email' }] } } }],
      ['Summarize', { name: 'Keep', type: 'summarize', typeVersion: 1, parameters: { fieldsToSummarize: { values: [{ aggregation: 'concatenate', field: 'body.email' }] } } }],
      ['Rename Keys', { name: 'Keep', type: 'renameKeys', typeVersion: 1, parameters: { keys: { key: [{ currentKey: 'body.email', newKey: 'contact' }] } } }],
    ];
    for (const [label, keep] of keepers) {
      const text = n8nFlow([lead, keep, segment('={{ JSON.stringify($json) }}')], [['Lead', 'Keep'], ['Keep', 'Send']]);
      const found = flowFindings('privacy/sensitive-data-to-third-party', { text });
      assert.equal(found.length, 1, label);
      assert.match(found[0].message, /sends email \(contact details\) from "Lead"/, label);
    }
  });

  it('is true for the fields Aggregate, Summarize and Rename Keys name in plain text', () => {
    const aggregate = (parameters: object): N8nNode => ({ name: 'X', type: 'aggregate', typeVersion: 1, parameters });
    assert.equal(gate([ai, aggregate({ fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'body.email' }] } })]), true, 'Aggregate: a field aggregated');
    assert.equal(gate([ai, aggregate({ fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'body.id' }] }, options: { groupByFields: 'body.phone' } })]), true, 'Aggregate: a field grouped by');
    assert.equal(gate([ai, aggregate({ aggregate: 'aggregateAllItemData', include: 'specifiedFields', fieldsToInclude: 'id, email' })]), true, 'Aggregate: all item data, a field included');
    assert.equal(gate([ai, { name: 'X', type: 'summarize', typeVersion: 1, parameters: { fieldsToSummarize: { values: [{ aggregation: 'concatenate', field: 'body.email' }] } } }]), true, 'Summarize: a field summarised');
    assert.equal(gate([ai, { name: 'X', type: 'summarize', typeVersion: 1, parameters: { fieldsToSummarize: { values: [{ aggregation: 'count', field: 'id' }] }, fieldsToSplitBy: 'address' } }]), true, 'Summarize: a field split by');
    assert.equal(gate([ai, { name: 'X', type: 'renameKeys', typeVersion: 1, parameters: { keys: { key: [{ currentKey: 'body.email', newKey: 'contact' }] } } }]), true, 'Rename Keys: the key moved');
    // Names that are no field (an output name, a new key) are not read as one.
    assert.equal(gate([ai, aggregate({ fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'body.id', renameField: true, outputFieldName: 'emails' }] } })]), false, 'Aggregate: only the output named so');
    assert.equal(gate([ai, { name: 'X', type: 'renameKeys', typeVersion: 1, parameters: { keys: { key: [{ currentKey: 'body.id', newKey: 'email' }] } } }]), false, 'Rename Keys: only the new key named so');
  });

  it('is false when the sensitive words are only where no reference is read', () => {
    const nodes: N8nNode[] = [
      ai,
      { name: 'Send Email', type: 'gmail', parameters: { resource: 'message', operation: 'send', subject: 'Your postcode', sendTo: 'team@example.com' } },
      { name: 'Note', type: 'stickyNote', parameters: { content: 'Reads the customer e-mail address and phone from {{ $json.email }}' } },
    ];
    const pinData = { 'Send Email': [{ json: { email: 'a@example.com', phone: '+1 555' } }] };
    assert.equal(gate(nodes, { pinData }), false);
  });

  it('leaves the other platforms to the model (true)', () => {
    const text = laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, { Ask: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com' }, runAfter: {} } });
    assert.equal(mayReferenceMatching(flowOf(text), mayNameSensitiveField), true);
  });
});
