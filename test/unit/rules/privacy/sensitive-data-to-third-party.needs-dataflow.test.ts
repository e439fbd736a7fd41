// Cases the rule gets wrong because of how the data-flow model reads expressions (server/src/core/dataflow/, not this
// rule's files): kept as todo tests until the model changes.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow } from '../../../helpers/dataflow.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'privacy/sensitive-data-to-third-party';

describe('privacy/sensitive-data-to-third-party: needs the data-flow model', () => {
  const dataverse = (content: string) => paSolutionFlow({ daily: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } }, {
    List: { type: 'OpenApiConnection', inputs: { host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps', connectionName: 'dv', operationId: 'ListRecords' }, parameters: { entityName: 'contacts' } }, runAfter: {} },
    Ask: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.openai.com/v1/chat/completions', body: { content } }, runAfter: { List: ['Succeeded'] } },
  });
  for (const content of [
    "Write to @{first(outputs('List')?['body/value'])?['emailaddress1']}",
    "Write to @{last(body('List')?['value'])?['emailaddress1']}",
    "Write to @{first( body('List')?['value'] )?['emailaddress1']}",
    "Write to @{outputs('List')?['body/value']?[0]?['emailaddress1']}",
  ]) {
    it(`reports a Dataverse contact e-mail taken from an element of the list in a prompt to OpenAI: ${content}`, () => {
      assert.equal(flowFindings(RULE, { text: dataverse(content) }).length, 1);
    });
  }

  it("stays quiet for a Dataverse contact's name taken with first()", () => {
    assert.deepEqual(flowFindings(RULE, { text: dataverse("Write to @{first(outputs('List')?['body/value'])?['fullname']}") }).map((f) => f.message), []);
  });

  it("stays quiet for attendees' names mapped out of a list that also holds their e-mails", () => {
    const text = n8nFlow([
      { name: 'Event', type: 'googleCalendar', parameters: { operation: 'get' } },
      { name: 'Recap', type: '@n8n/n8n-nodes-langchain.openAi', parameters: { resource: 'text', messages: { values: [{ content: "=Meeting with {{ $json.attendees.map(a => a.displayName).join(', ') }}" }] } } },
    ], [['Event', 'Recap']]);
    assert.deepEqual(flowFindings(RULE, { text }).map((f) => f.message), []);
  });

  for (const content of ["=Write to {{ $json.attendees.map(a => a.email).join(', ') }}", "=Write to {{ $json.attendees.map(a => `${a.displayName} <${a.email}>`).join(', ') }}"]) {
    it(`reports attendees' e-mails mapped out of the list: ${content}`, () => {
      const text = n8nFlow([
        { name: 'Event', type: 'googleCalendar', parameters: { operation: 'get' } },
        { name: 'Recap', type: '@n8n/n8n-nodes-langchain.openAi', parameters: { resource: 'text', messages: { values: [{ content }] } } },
      ], [['Event', 'Recap']]);
      assert.equal(flowFindings(RULE, { text }).length, 1);
    });
  }
});
