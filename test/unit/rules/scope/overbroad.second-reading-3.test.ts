// scope/overbroad, second reading of fc34265 (every string a node asks for scopes in): a URL's `scope=` and
// `user_scope=` are two lists in one string, a list may repeat a scope, a URL may percent-encode in lower case; the
// quick fixes must leave valid JSON and a clean list on every source kind; what n8n does not send is no request.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, flowHover, type Finding } from '../../../../server/src/core/index.js';
import { findingsOf, n8nWorkflow, TODAY } from '../../../helpers/analyze.js';
import { applyFix } from '../../../helpers/inventory.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { joinLines } from '../../../helpers/text.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';
import { TestWorkspace } from '../../../helpers/workspace.js';

const RULE = 'scope/overbroad';
const SLACK_AUTHORIZE = 'https://slack.com/oauth/v2/authorize';
const SLACK_ACCESS = 'https://slack.com/api/oauth.v2.access';
const GOOGLE_AUTH = 'https://accounts.google.com/o/oauth2/v2/auth';
const request = (parameters: object) => n8nWorkflow([{ id: 's', name: 'Slack consent', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters }]);
const covered = (text: string, findings: Finding[] = findingsOf(RULE, text)) => findings.map((f) => text.slice(f.range.start, f.range.end));
const urlOf = (text: string) => JSON.parse(text).nodes[0].parameters.url as string;

/** Applies the fix titled `title` (the first when none is named), checks the result is JSON, and returns it. */
function fixed(text: string, finding: Finding, title?: string): string {
  const fix = title === undefined ? finding.fixes?.[0] : finding.fixes?.find((f) => f.title === title);
  assert.ok(fix, `a fix ${title ?? ''} is offered (offered: ${finding.fixes?.map((f) => f.title).join('; ')})`);
  const out = applyFix(text, fix);
  assert.doesNotThrow(() => JSON.parse(out), 'the fix leaves valid JSON');
  return out;
}

describe(`${RULE}: a URL's scope= and user_scope= are two lists`, () => {
  it("offers no Remove for a user scope when only the bot list (scope=) requests the narrower scope", () => {
    const text = request({ url: `${SLACK_AUTHORIZE}?client_id=1.2&scope=chat:write&user_scope=admin+search:read` });
    const admin = findingsOf(RULE, text).find((f) => text.slice(f.range.start, f.range.end) === 'admin');
    assert.ok(admin);
    assert.deepEqual(admin.fixes!.map((f) => f.title), ['Narrow to chat:write', 'Narrow to channels:read']);
    assert.equal(urlOf(fixed(text, admin)), `${SLACK_AUTHORIZE}?client_id=1.2&scope=chat:write&user_scope=chat:write+search:read`);
  });

  it('still removes a user scope when the user list itself requests the narrower scope', () => {
    const text = request({ url: `${SLACK_AUTHORIZE}?client_id=1.2&scope=users:read&user_scope=admin+chat:write` });
    const [admin] = findingsOf(RULE, text);
    assert.equal(admin.fixes![0].title, 'Remove admin (chat:write is already requested)');
    assert.equal(urlOf(fixed(text, admin)), `${SLACK_AUTHORIZE}?client_id=1.2&scope=users:read&user_scope=chat:write`);
  });

  it('reports a scope both lists of one URL request once in each, and fixing both clears the URL', () => {
    const text = request({ url: `${SLACK_AUTHORIZE}?client_id=1.2&scope=admin&user_scope=admin` });
    const findings = findingsOf(RULE, text);
    assert.deepEqual(covered(text, findings), ['admin', 'admin']);
    assert.ok(findings[0].range.start < text.indexOf('user_scope=') && findings[1].range.start > text.indexOf('user_scope='), 'one finding in each list');
    const once = fixed(text, findings[1], 'Narrow to channels:read');
    assert.equal(urlOf(once), `${SLACK_AUTHORIZE}?client_id=1.2&scope=admin&user_scope=channels:read`);
    const [left, ...others] = findingsOf(RULE, once);
    assert.equal(others.length, 0);
    const twice = fixed(once, left, 'Narrow to chat:write');
    assert.equal(urlOf(twice), `${SLACK_AUTHORIZE}?client_id=1.2&scope=chat:write&user_scope=channels:read`);
    assert.deepEqual(findingsOf(RULE, twice), []);
  });

  it('hovers the user_scope= copy of a scope the scope= list also requests', () => {
    const text = request({ url: `${SLACK_AUTHORIZE}?client_id=1.2&scope=admin&user_scope=admin` });
    const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
    const found = flowHover(result.document!, result.flow!, text.lastIndexOf('admin') + 1);
    assert.equal(found && text.slice(found.range.start, found.range.end), 'admin');
  });
});

describe(`${RULE}: a scope word in another parameter of the URL`, () => {
  const text = request({ url: `${SLACK_AUTHORIZE}?client_id=1.2&state=go+admin&scope=admin+chat:write` });

  it("reports and removes the scope in scope=, not the word in state=", () => {
    const [finding, ...others] = findingsOf(RULE, text);
    assert.equal(others.length, 0);
    assert.ok(finding.range.start > text.indexOf('&scope='), 'the finding is in scope=, not in state=');
    assert.equal(urlOf(fixed(text, finding)), `${SLACK_AUTHORIZE}?client_id=1.2&state=go+admin&scope=chat:write`);
  });

  it('hovers the scope in scope= and not the word in state=', () => {
    const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
    assert.equal(flowHover(result.document!, result.flow!, text.indexOf('+admin&') + 2), undefined);
    const found = flowHover(result.document!, result.flow!, text.indexOf('=admin+chat') + 2);
    assert.ok(found && found.range.start > text.indexOf('&scope='));
  });
});

describe(`${RULE}: a scope a list repeats`, () => {
  it('is reported once, and narrowing it leaves no copy behind', () => {
    const text = request({ url: SLACK_AUTHORIZE, sendQuery: true, queryParameters: { parameters: [{ name: 'client_id', value: '1.2' }, { name: 'user_scope', value: 'admin,search:read,admin' }] } });
    const findings = findingsOf(RULE, text).filter((f) => text.slice(f.range.start, f.range.end) === 'admin');
    assert.equal(findings.length, 1);
    const out = fixed(text, findings[0], 'Narrow to channels:read');
    assert.equal(JSON.parse(out).nodes[0].parameters.queryParameters.parameters[1].value, 'channels:read,search:read');
    assert.deepEqual(covered(out).filter((c) => c === 'admin'), []);
  });

  it('is removed with every copy when the list already requests the narrower scope', () => {
    const text = request({ url: `${SLACK_AUTHORIZE}?client_id=1.2&scope=admin%2Cchat:write%2Cadmin` });
    const [finding, ...others] = findingsOf(RULE, text);
    assert.equal(others.length, 0);
    assert.equal(urlOf(fixed(text, finding)), `${SLACK_AUTHORIZE}?client_id=1.2&scope=chat:write`);
  });
});

describe(`${RULE}: percent-encoding in lower case`, () => {
  const text = request({ url: `${GOOGLE_AUTH}?client_id=1&response_type=code&scope=openid%20https%3a%2f%2fwww.googleapis.com%2fauth%2fdrive` });

  it('reports the encoded scope where it is, with the narrowing fixes', () => {
    const [finding, ...others] = findingsOf(RULE, text);
    assert.equal(others.length, 0);
    assert.deepEqual(covered(text, [finding]), ['https%3a%2f%2fwww.googleapis.com%2fauth%2fdrive']);
    assert.equal(urlOf(fixed(text, finding, 'Narrow to https://www.googleapis.com/auth/drive.file')), `${GOOGLE_AUTH}?client_id=1&response_type=code&scope=openid%20https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive.file`);
  });

  it('hovers it', () => {
    const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
    const found = flowHover(result.document!, result.flow!, text.indexOf('%2fauth%2fdrive'));
    assert.equal(found && text.slice(found.range.start, found.range.end), 'https%3a%2f%2fwww.googleapis.com%2fauth%2fdrive');
  });
});

describe(`${RULE}: Remove leaves a clean list on every source kind`, () => {
  const trigger = { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } };
  const cases: [string, string, (text: string) => string, string][] = [
    ['an n8n URL with + separators', request({ url: `${SLACK_AUTHORIZE}?client_id=1&scope=admin+chat:write&state=x` }), urlOf, `${SLACK_AUTHORIZE}?client_id=1&scope=chat:write&state=x`],
    ['an n8n URL with %20 separators', request({ url: `${SLACK_AUTHORIZE}?client_id=1&scope=chat:write%20admin#x` }), urlOf, `${SLACK_AUTHORIZE}?client_id=1&scope=chat:write#x`],
    ['an n8n URL with %2C separators', request({ url: `${SLACK_AUTHORIZE}?client_id=1&scope=chat:write%2Cadmin%2Cusers:read` }), urlOf, `${SLACK_AUTHORIZE}?client_id=1&scope=chat:write%2Cusers:read`],
    ['an n8n query entry with ", "', request({ url: SLACK_AUTHORIZE, sendQuery: true, queryParameters: { parameters: [{ name: 'client_id', value: '1' }, { name: 'scope', value: 'admin, chat:write' }] } }), (t) => JSON.parse(t).nodes[0].parameters.queryParameters.parameters[1].value, 'chat:write'],
    ['an n8n form body (an expression)', request({ url: SLACK_ACCESS, method: 'POST', sendBody: true, contentType: 'form-urlencoded', specifyBody: 'string', body: '=user_scope=chat:write,admin&client_id={{ $json.id }}' }), (t) => JSON.parse(t).nodes[0].parameters.body, '=user_scope=chat:write&client_id={{ $json.id }}'],
    ['a Make qs entry', makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: SLACK_AUTHORIZE, method: 'get', qs: [{ name: 'client_id', value: '1' }, { name: 'user_scope', value: 'chat:write admin' }] }, metadata: {} }), (t) => JSON.parse(t).flow[0].mapper.qs[1].value, 'chat:write'],
    ['a Make form body', makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: SLACK_ACCESS, method: 'post', data: 'client_id=1&scope=admin,chat:write' }, metadata: {} }), (t) => JSON.parse(t).flow[0].mapper.data, 'client_id=1&scope=chat:write'],
    ['a Power Automate queries.user_scope beside an expression', paSolutionFlow(trigger, { HTTP: { type: 'Http', inputs: { method: 'GET', uri: SLACK_AUTHORIZE, queries: { client_id: "@parameters('clientId')", user_scope: 'admin chat:write' } }, runAfter: {} } }), (t) => JSON.parse(t).properties.definition.actions.HTTP.inputs.queries.user_scope, 'chat:write'],
  ];
  for (const [label, text, read, expected] of cases) {
    it(label, () => {
      const [finding, ...others] = findingsOf(RULE, text);
      assert.equal(others.length, 0);
      assert.equal(finding.fixes![0].title, 'Remove admin (chat:write is already requested)');
      const out = fixed(text, finding);
      assert.equal(read(out), expected);
      assert.deepEqual(findingsOf(RULE, out), []);
    });
  }
});

describe(`${RULE}: what n8n's HTTP Request node (v3+) does not send`, () => {
  // HttpRequestV3.node.ts: `if (sendQuery && queryParameters)`, `if (sendBody && bodyParameters)`; with
  // specifyQuery 'json' the query is jsonQuery, not the parameter list.
  it('ignores a query parameter list when sendQuery is off', () => {
    const text = request({ url: SLACK_AUTHORIZE, sendQuery: false, queryParameters: { parameters: [{ name: 'client_id', value: '1' }, { name: 'user_scope', value: 'admin' }] } });
    assert.deepEqual(covered(text), []);
  });

  it('ignores a body parameter list when sendBody is off', () => {
    const text = request({ url: SLACK_ACCESS, method: 'POST', bodyParameters: { parameters: [{ name: 'client_id', value: '1' }, { name: 'user_scope', value: 'admin' }] } });
    assert.deepEqual(covered(text), []);
  });

  it('reads the scopes of a JSON query (specifyQuery: json)', () => {
    const text = request({ url: SLACK_AUTHORIZE, sendQuery: true, specifyQuery: 'json', jsonQuery: '{"client_id":"1","user_scope":"admin"}' });
    assert.deepEqual(covered(text), ['admin']);
  });
});

describe(`${RULE}: a JSON query or body (specifyQuery / specifyBody: json)`, () => {
  const jsonQuery = (json: string, more: object = {}) => request({ url: SLACK_AUTHORIZE, sendQuery: true, specifyQuery: 'json', jsonQuery: json, ...more });
  const jsonOf = (text: string, key = 'jsonQuery') => JSON.parse(JSON.parse(text).nodes[0].parameters[key] as string) as Record<string, unknown>;

  it("reads a JSON body's scope, on the scope inside the JSON text", () => {
    const text = request({ url: SLACK_ACCESS, method: 'POST', sendBody: true, specifyBody: 'json', jsonBody: '{\n  "client_id": "1",\n  "scope": "chat:write admin"\n}' });
    assert.deepEqual(covered(text), ['admin']);
  });

  it('reads a scope in scope and in user_scope once in each, and not the same word in another member', () => {
    const text = jsonQuery('{"client_id":"1","state":"admin","options":{"scope":"admin"},"scope":"admin","user_scope":"admin"}');
    const findings = findingsOf(RULE, text);
    assert.deepEqual(covered(text, findings), ['admin', 'admin']);
    // The top-level members, after the nested `options.scope`: `\"scope\":\"admin` and `\"user_scope\":\"admin`.
    const valueAfter = (key: string) => text.lastIndexOf(`\\"${key}\\":\\"admin`) + `\\"${key}\\":\\"`.length;
    assert.deepEqual(findings.map((f) => f.range.start), [valueAfter('scope'), valueAfter('user_scope')]);
  });

  const unsent: [string, object][] = [
    ['sendQuery off', { url: SLACK_AUTHORIZE, sendQuery: false, specifyQuery: 'json', jsonQuery: '{"client_id":"1","user_scope":"admin"}' }],
    ['a query given as fields (specifyQuery: keypair)', { url: SLACK_AUTHORIZE, sendQuery: true, specifyQuery: 'keypair', jsonQuery: '{"client_id":"1","user_scope":"admin"}' }],
    ['a query given as fields (specifyQuery left out)', { url: SLACK_AUTHORIZE, sendQuery: true, jsonQuery: '{"client_id":"1","user_scope":"admin"}' }],
    ['sendBody off', { url: SLACK_ACCESS, method: 'POST', specifyBody: 'json', jsonBody: '{"client_id":"1","scope":"admin"}' }],
    ['a body of another content type', { url: SLACK_ACCESS, method: 'POST', sendBody: true, contentType: 'form-urlencoded', specifyBody: 'json', jsonBody: '{"client_id":"1","scope":"admin"}' }],
  ];
  for (const [label, parameters] of unsent) {
    it(`ignores JSON n8n does not send: ${label}`, () => assert.deepEqual(covered(request(parameters)), []));
  }

  const unread: [string, string][] = [
    ['an expression building the scope', '={{ JSON.stringify({ client_id: "1", user_scope: "admin" }) }}'],
    ['text that is no JSON', '{"client_id":"1","user_scope":"admin"'],
    ['a JSON array', '[{"user_scope":"admin"}]'],
  ];
  for (const [label, json] of unread) {
    it(`reads nothing from ${label}`, () => {
      const text = jsonQuery(json);
      assert.deepEqual(covered(text), []);
      const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
      assert.deepEqual(result.flow!.nodes[0].scopes, []);
    });
  }

  it('removes the scope inside the JSON text, leaving valid JSON in a valid document', () => {
    const text = jsonQuery('{"client_id":"1","user_scope":"admin, chat:write"}');
    const [finding, ...others] = findingsOf(RULE, text);
    assert.equal(others.length, 0);
    assert.equal(finding.fixes![0].title, 'Remove admin (chat:write is already requested)');
    const out = fixed(text, finding);
    assert.deepEqual(jsonOf(out), { client_id: '1', user_scope: 'chat:write' });
    assert.deepEqual(findingsOf(RULE, out), []);
  });

  it('narrows the scope inside the JSON text, leaving valid JSON in a valid document', () => {
    const text = request({ url: SLACK_ACCESS, method: 'POST', sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: '{\n  "client_id": "1",\n  "scope": "admin"\n}' });
    const [finding] = findingsOf(RULE, text);
    const out = fixed(text, finding, 'Narrow to channels:read');
    assert.deepEqual(jsonOf(out, 'jsonBody'), { client_id: '1', scope: 'channels:read' });
    assert.deepEqual(findingsOf(RULE, out), []);
  });

  // As JSON, and as an n8n expression that is that JSON (`={…}`).
  for (const query of ['{"client_id":"1","state":"admin","user_scope":"admin"}', '={"client_id":"1","state":"admin","user_scope":"admin"}']) {
    it(`hovers the scope inside ${query.slice(0, 2)}…}, and not the same word in another member`, () => {
      const text = jsonQuery(query);
      const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
      assert.equal(flowHover(result.document!, result.flow!, text.indexOf('admin') + 1), undefined);
      const found = flowHover(result.document!, result.flow!, text.lastIndexOf('admin') + 1);
      assert.equal(found && text.slice(found.range.start, found.range.end), 'admin');
      assert.equal(found?.range.start, text.lastIndexOf('admin'));
    });
  }
});

describe('scope/undeclared: where it points', () => {
  const FLOW = 'flows/slack.n8n.json';
  const inventory = joinLines('inventory: 1', 'surfaces:', '  - id: slack', '    name: Slack', '    kind: connector', '    direction: outbound', `    flow: ${FLOW}`, '    node: Slack consent', '    auth:', '      scopes: ["chat:write"]', '');

  it('points at the undeclared scope inside a URL, not at the whole URL', () => {
    const text = request({ url: `${SLACK_AUTHORIZE}?client_id=1.2&scope=chat:write&user_scope=search:read` });
    const [finding, ...others] = new TestWorkspace({ [FLOW]: text, 'surfaces.yaml': inventory }).findings(FLOW, 'scope/undeclared');
    assert.equal(others.length, 0);
    assert.equal(text.slice(finding.range.start, finding.range.end), 'search:read');
  });

  it('points at the undeclared scope inside a JSON query, not at the whole JSON text', () => {
    const text = request({ url: SLACK_AUTHORIZE, sendQuery: true, specifyQuery: 'json', jsonQuery: '{"client_id":"1.2","scope":"chat:write","user_scope":"search:read"}' });
    const [finding, ...others] = new TestWorkspace({ [FLOW]: text, 'surfaces.yaml': inventory }).findings(FLOW, 'scope/undeclared');
    assert.equal(others.length, 0);
    assert.equal(text.slice(finding.range.start, finding.range.end), 'search:read');
  });

  it('points at the undeclared scope inside a form body written as an expression (=scope=…), as inside a URL', () => {
    const text = request({ url: 'https://slack.com/api/oauth.v2.access', method: 'POST', body: '=scope=chat:write+search:read&client_id=1.2' });
    const [finding, ...others] = new TestWorkspace({ [FLOW]: text, 'surfaces.yaml': inventory }).findings(FLOW, 'scope/undeclared');
    assert.equal(others.length, 0);
    assert.equal(text.slice(finding.range.start, finding.range.end), 'search:read');
  });
});
