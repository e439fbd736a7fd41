// scope/overbroad on flows: a `scope` that is an API's own parameter (GitLab's `?scope=all`, a search filter) is no
// OAuth scope list. Scopes read from a URL, a parameter list or a body count when the request is an OAuth one.
import { describe } from 'node:test';
import { n8nWorkflow } from '../../../helpers/analyze.js';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'scope/overbroad';
const n8nGet = (url: string, parameters: object = {}) => n8nWorkflow([{ name: 'Call API', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url, ...parameters } }]);
const manual = { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } };
const paHttp = (inputs: object) => paSolutionFlow(manual, { Call_API: { type: 'Http', inputs: { method: 'GET', ...inputs }, runAfter: {} } });

const cases: FlowCase[] = [
  { name: "GitLab's issues API listing every issue (?scope=all)", text: n8nGet('https://gitlab.com/api/v4/issues?scope=all&state=opened&per_page=100'), expected: [] },
  { name: "GitLab's merge requests API with scope in the query parameters", text: n8nGet('https://gitlab.example.com/api/v4/merge_requests', { sendQuery: true, queryParameters: { parameters: [{ name: 'scope', value: 'all' }, { name: 'state', value: 'opened' }] } }), expected: [] },
  { name: 'a search API filtering by repo, user or admin', text: n8nGet('https://search.example.com/v1/query?q=invoice&scope=repo,user,admin'), expected: [] },
  { name: "a Power Automate HTTP action's queries.scope of a reporting API", text: paHttp({ uri: 'https://reports.example.com/api/v2/export', queries: { scope: 'full' } }), expected: [] },
  { name: "a Make HTTP module's qs scope of a GitLab call", text: makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: 'https://gitlab.com/api/v4/issues', method: 'get', qs: [{ name: 'scope', value: 'all' }] }, metadata: {} }), expected: [] },
  { name: 'a node of another kind with a scope setting and no OAuth sign-in', text: n8nWorkflow([{ name: 'Report', type: 'n8n-nodes-acme.reports', typeVersion: 1, parameters: { scope: 'all', format: 'csv' } }]), expected: [] },
  // Still reported: the request is an OAuth one, or the scope is written as a provider's URI.
  { name: 'a wildcard at an OAuth authorize endpoint', text: n8nGet('https://auth.example.com/oauth2/authorize?client_id=abc&response_type=code&scope=*'), expected: [{ covers: '*', severity: 'error' }] },
  { name: 'a scope of a request carrying OAuth parameters (client_id, grant_type) at a path with no oauth in it', text: n8nWorkflow([{ name: 'Get token', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { method: 'POST', url: 'https://id.example.com/connect/issue', sendBody: true, contentType: 'form-urlencoded', bodyParameters: { parameters: [{ name: 'grant_type', value: 'client_credentials' }, { name: 'client_id', value: 'abc' }, { name: 'scope', value: 'all' }] } } }]), expected: [{ covers: 'all', severity: 'error' }] },
  { name: 'a Google scope written as its URI in a callback URL', text: n8nGet('https://app.example.com/callback?code=abc&scope=https://www.googleapis.com/auth/drive'), expected: [{ covers: 'https://www.googleapis.com/auth/drive' }] },
];

describe(`${RULE}: OAuth scopes, not an API's own scope parameter`, () => runFlowTable(RULE, cases));
