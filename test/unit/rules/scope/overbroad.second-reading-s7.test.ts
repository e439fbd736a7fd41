// scope/overbroad and scope/undeclared, second reading of the n8n JSON query / body (issue #5): escapes, duplicate
// members, values that are no string, the outer string's escaping, the fix in both lists, and the JSON n8n sends.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type Finding } from '../../../../server/src/core/index.js';
import { findingsOf, n8nWorkflow, TODAY } from '../../../helpers/analyze.js';
import { applyFix } from '../../../helpers/inventory.js';
import { joinLines } from '../../../helpers/text.js';
import { TestWorkspace } from '../../../helpers/workspace.js';

const RULE = 'scope/overbroad';
const SLACK_AUTHORIZE = 'https://slack.com/oauth/v2/authorize';
const SLACK_ACCESS = 'https://slack.com/api/oauth.v2.access';
const request = (parameters: object) => n8nWorkflow([{ id: 's', name: 'Slack consent', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters }]);
const jsonQuery = (json: string) => request({ url: SLACK_AUTHORIZE, sendQuery: true, specifyQuery: 'json', jsonQuery: json });
const covered = (text: string, findings: Finding[] = findingsOf(RULE, text)) => findings.map((f) => text.slice(f.range.start, f.range.end));
const scopesOf = (text: string) => analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY }).flow!.nodes[0].scopes;
const queryOf = (text: string, key = 'jsonQuery') => JSON.parse(text).nodes[0].parameters[key] as string;

/** Applies the fix titled `title` (the first when none is named); the flow and the JSON text in it stay JSON. */
function fixed(text: string, finding: Finding, title?: string, key = 'jsonQuery'): string {
  const fix = title === undefined ? finding.fixes?.[0] : finding.fixes?.find((f) => f.title === title);
  assert.ok(fix, `a fix ${title ?? ''} is offered (offered: ${finding.fixes?.map((f) => f.title).join('; ')})`);
  const out = applyFix(text, fix);
  assert.doesNotThrow(() => JSON.parse(out), 'the fix leaves valid JSON');
  const inner = queryOf(out, key);
  assert.doesNotThrow(() => JSON.parse(inner.startsWith('=') ? inner.slice(1) : inner), 'the JSON text stays JSON');
  return out;
}

describe(`${RULE}: probing the n8n JSON query`, () => {
  it('reads the last of two scope members, as JSON.parse (n8n) does', () => {
    const text = jsonQuery('{"client_id":"1","scope":"chat:write","scope":"admin"}');
    assert.deepEqual(covered(text), ['admin']);
    assert.ok(findingsOf(RULE, text)[0].range.start > text.lastIndexOf('scope'));
  });

  // A list split by an escape (a space, a line break): each fix offered keeps the escape and the JSON.
  for (const [label, list] of [['an escaped space', 'chat:write\\u0020admin'], ['an escaped line break', 'chat:write\\nadmin']]) {
    it(`reads a scope list split by ${label}, and its fixes keep the JSON`, () => {
      const text = jsonQuery(`{"client_id":"1","scope":"${list}"}`);
      assert.deepEqual(scopesOf(text), ['chat:write', 'admin']);
      const findings = findingsOf(RULE, text);
      assert.equal(findings.length, 1);
      for (const fix of findings[0].fixes ?? []) fixed(text, findings[0], fix.title);
    });
  }

  it('reads no scope admin in "admin\\\\" (n8n sends admin\\)', () => {
    assert.deepEqual(covered(jsonQuery('{"client_id":"1","scope":"admin\\\\"}')), []);
  });

  it('reads a member named with an escape (scop\\u0065), as n8n sends it', () => {
    const text = jsonQuery('{"client_id":"1","scop\\u0065":"admin"}');
    assert.deepEqual(covered(text), ['admin']);
  });

  for (const json of ['{"client_id":"1","scope":["admin"]}', '{"client_id":"1","scope":5}', '{"client_id":"1","scope":null}', '{"client_id":"1","scope":{"x":"admin"}}']) {
    it(`reads nothing from a scope that is no string: ${json}`, () => assert.deepEqual(covered(jsonQuery(json)), []));
  }

  it('reads a scope with whitespace and line breaks around the members', () => {
    const text = jsonQuery('\n  {\t"client_id" : "1" ,\r\n  "user_scope"\n:\n  "admin"  }\n');
    assert.deepEqual(covered(text), ['admin']);
  });

  it('fixes the same scope in scope and in user_scope, once each', () => {
    const text = jsonQuery('{"client_id":"1","scope":"admin chat:write","user_scope":"admin"}');
    const findings = findingsOf(RULE, text);
    assert.deepEqual(covered(text, findings), ['admin', 'admin']);
    assert.equal(findings[0].fixes![0].title, 'Remove admin (chat:write is already requested)');
    const once = fixed(text, findings[0]);
    assert.deepEqual(JSON.parse(queryOf(once)), { client_id: '1', scope: 'chat:write', user_scope: 'admin' });
    const [left, ...others] = findingsOf(RULE, once);
    assert.equal(others.length, 0);
    const twice = fixed(once, left, 'Narrow to channels:read');
    assert.deepEqual(JSON.parse(queryOf(twice)), { client_id: '1', scope: 'chat:write', user_scope: 'channels:read' });
    assert.deepEqual(findingsOf(RULE, twice), []);
  });

  it('fixes a scope the second list holds, leaving the first', () => {
    const text = jsonQuery('{"client_id":"1","scope":"admin","user_scope":"admin"}');
    const findings = findingsOf(RULE, text);
    const out = fixed(text, findings[1], 'Narrow to channels:read');
    assert.deepEqual(JSON.parse(queryOf(out)), { client_id: '1', scope: 'admin', user_scope: 'channels:read' });
  });

  it('reads no scope word in another member\'s key or value', () => {
    assert.deepEqual(covered(jsonQuery('{"client_id":"1","admin":"scope","scope":"chat:write"}')), []);
    const text = jsonQuery('{"client_id":"1","admin":"admin","scope":"admin"}');
    assert.deepEqual(covered(text), ['admin']);
    assert.equal(findingsOf(RULE, text)[0].range.start, text.lastIndexOf('admin'));
  });

  it('points through the outer string\'s escaping (\\", \\n, unicode, an astral character)', () => {
    const json = '{\n\t"client_id": "é✓😀 \\"quoted\\" \\\\",\n\t"user_scope": "chat:write admin"\n}';
    const text = jsonQuery(json);
    assert.deepEqual(covered(text), ['admin']);
    const escaped = request({ url: SLACK_AUTHORIZE, sendQuery: true, specifyQuery: 'json', jsonQuery: json }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    assert.deepEqual(covered(escaped), ['admin']);
    const [finding] = findingsOf(RULE, escaped);
    const out = fixed(escaped, finding, 'Remove admin (chat:write is already requested)');
    assert.equal(JSON.parse(queryOf(out)).user_scope, 'chat:write');
    assert.equal(JSON.parse(queryOf(out)).client_id, 'é✓😀 "quoted" \\');
  });

  it('reads nothing from a JSON body sent as a form or multipart', () => {
    for (const contentType of ['form-urlencoded', 'multipart-form-data', 'raw', 'binaryData']) {
      const text = request({ url: SLACK_ACCESS, method: 'POST', sendBody: true, contentType, specifyBody: 'json', jsonBody: '{"client_id":"1","scope":"admin"}' });
      assert.deepEqual(covered(text), [], contentType);
    }
  });

  it('reviews a large JSON body with a scope quickly (the JSON is not parsed per scope and per place)', () => {
    const items = Array.from({ length: 40_000 }, (_, i) => `"k${i}":"v${i} admin scope"`).join(',');
    const scopes = 'admin channels:history channels:read chat:write users:read admin:users admin:teams admin.users:write';
    const text = request({ url: SLACK_ACCESS, method: 'POST', sendBody: true, specifyBody: 'json', jsonBody: `{"client_id":"1",${items},"scope":"${Array(30).fill(scopes).join(' ')}"}` });
    const started = performance.now();
    const findings = findingsOf(RULE, text);
    const took = performance.now() - started;
    assert.ok(findings.length >= 1);
    assert.ok(took < 4000, `took ${Math.round(took)} ms`);
  });
});

describe(`${RULE}: a JSON query written as an n8n expression ={…}`, () => {
  it('reads the scope of ={…} (n8n evaluates it to the same JSON and sends it)', () => {
    const text = jsonQuery('={"client_id":"1","user_scope":"admin"}');
    assert.deepEqual(covered(text), ['admin']);
  });
  it('reads the literal scope of ={…} whose other members hold {{ }}', () => {
    const text = jsonQuery('={"client_id":"{{ $json.id }}","user_scope":"admin chat:write"}');
    const [finding, ...others] = findingsOf(RULE, text);
    assert.equal(others.length, 0);
    assert.equal(text.slice(finding.range.start, finding.range.end), 'admin');
    const out = fixed(text, finding);
    assert.equal(queryOf(out), '={"client_id":"{{ $json.id }}","user_scope":"chat:write"}');
  });
  const unread = [
    '={"client_id":"1","user_scope":"{{ $json.scopes }}"}',
    '={"client_id":"1","user_scope":"admin {{ $json.more }}"}',
    '={"client_id":"1","user_scope":{{ $json.scopes }}}',
    '={{ {"client_id":"1","user_scope":"admin"} }}',
    '= {"client_id":"1","user_scope":"admin"',
  ];
  for (const json of unread) {
    it(`reads nothing built by code: ${json}`, () => assert.deepEqual(covered(jsonQuery(json)), []));
  }
});

describe('scope/undeclared: a JSON query written as an n8n expression ={…}', () => {
  const FLOW = 'flows/slack.n8n.json';
  const inventory = joinLines('inventory: 1', 'surfaces:', '  - id: slack', '    name: Slack', '    kind: connector', '    direction: outbound', `    flow: ${FLOW}`, '    node: Slack consent', '    auth:', '      scopes: ["chat:write"]', '');

  it('points at the undeclared scope inside ={…}', () => {
    const text = jsonQuery('={"client_id":"{{ $json.id }}","scope":"chat:write","user_scope":"search:read"}');
    const [finding, ...others] = new TestWorkspace({ [FLOW]: text, 'surfaces.yaml': inventory }).findings(FLOW, 'scope/undeclared');
    assert.equal(others.length, 0);
    assert.equal(text.slice(finding.range.start, finding.range.end), 'search:read');
  });
});
