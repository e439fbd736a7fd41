// Flows for privacy/sensitive-data-to-third-party tests: a webhook's lead posted to Segment (an analytics service), as
// an n8n workflow or a Power Automate flow, with the sent value the test is about.
import { n8nFlow } from './dataflow.js';
import { paSolutionFlow } from './wdl.js';

/** An n8n webhook node "Lead" (POST /lead). */
export const lead = { name: 'Lead', type: 'webhook', parameters: { path: 'lead', httpMethod: 'POST' } };

/** An n8n HTTP Request node "Send" posting `jsonBody` to Segment's track API. */
export const segment = (jsonBody: string) => ({ name: 'Send', type: 'httpRequest', parameters: { method: 'POST', url: 'https://api.segment.io/v1/track', sendBody: true, specifyBody: 'json', jsonBody } });

/** Lead → Send (n8n), the body being `jsonBody`. */
export const n8nToSegment = (jsonBody: string) => n8nFlow([lead, segment(jsonBody)], [['Lead', 'Send']]);

/** A Power Automate HTTP request trigger, then an HTTP action posting `{ properties: { value } }` to Segment. */
export const paToSegment = (value: string) => paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } }, {
  Send: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.segment.io/v1/track', body: { properties: { value } } }, runAfter: {} },
});
