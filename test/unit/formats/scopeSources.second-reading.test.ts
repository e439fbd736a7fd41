// FlowNode.scopeSources, second reading of fc34265: what follows `scope=` in a URL built by code (an n8n expression, an
// ARM template's concat) is code, not a scope list; reading it gave scopes such as `"`, `$json.scopes` and `}}`, which
// scope/undeclared then reported (and an inventory entry generated from the flow would have listed).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import { splitScopes } from '../../../server/src/core/formats/scopes.js';
import { n8nWorkflow, TODAY } from '../../helpers/analyze.js';
import { joinLines } from '../../helpers/text.js';
import { laArmTemplate } from '../../helpers/wdl.js';
import { TestWorkspace } from '../../helpers/workspace.js';

const scopesOf = (text: string) => analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY }).flow?.nodes.flatMap((n) => n.scopes);
const slackByCode = n8nWorkflow([{ id: 's', name: 'Consent link', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: '={{ "https://slack.com/oauth/v2/authorize?client_id=1&scope=" + $json.scopes }}' } }]);

describe('scope sources: code is no scope list', () => {
  it('reads no scope from an n8n expression that appends the scopes to the URL', () => {
    assert.deepEqual(scopesOf(slackByCode), []);
  });

  it("reads no scope from an ARM template's concat that appends a parameter", () => {
    const text = laArmTemplate({ manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } }, { HTTP: { type: 'Http', inputs: { method: 'GET', uri: "[concat(parameters('base'), '/oauth2/v2.0/authorize?client_id=1&scope=', parameters('scope'))]" }, runAfter: {} } });
    assert.deepEqual(scopesOf(text), []);
  });

  it('still reads literal scopes beside an expression elsewhere in the URL', () => {
    const text = n8nWorkflow([{ name: 'Consent link', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: '=https://slack.com/oauth/v2/authorize?client_id={{ $json.id }}&scope=chat:write,users:read' } }]);
    assert.deepEqual(scopesOf(text), ['chat:write', 'users:read']);
    assert.deepEqual(splitScopes('openid https://www.googleapis.com/auth/drive.file api://1f0c/.default'), ['openid', 'https://www.googleapis.com/auth/drive.file', 'api://1f0c/.default']);
  });

  it('gives scope/undeclared no code to report', () => {
    const FLOW = 'flows/slack.n8n.json';
    const inventory = joinLines('inventory: 1', 'surfaces:', '  - id: slack', '    name: Slack', '    kind: connector', '    direction: outbound', `    flow: ${FLOW}`, '    node: Consent link', '    auth:', '      scopes: ["chat:write"]', '');
    assert.deepEqual(new TestWorkspace({ [FLOW]: slackByCode, 'surfaces.yaml': inventory }).findings(FLOW, 'scope/undeclared').map((f) => f.message), []);
  });
});
