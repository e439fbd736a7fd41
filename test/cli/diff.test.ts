// `surface-review diff --base REV` on a scripted git repository: a pull request that adds a webhook, widens a scope,
// removes a flow and edits an owner, reported exactly as a CI job would post it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { git, scratchRepo } from '../helpers/git.js';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lead = (extra: object[] = []) => JSON.stringify({
  name: 'Lead intake',
  nodes: [
    { id: 'a1', name: 'New lead', type: 'n8n-nodes-base.webhook', parameters: { path: 'lead', httpMethod: 'POST', authentication: 'headerAuth' }, credentials: { httpHeaderAuth: { id: '1', name: 'Lead hook key' } } },
    { id: 'a2', name: 'Post to Slack', type: 'n8n-nodes-base.slack', parameters: { channel: '#leads' }, credentials: { slackOAuth2Api: { id: '7', name: 'Sales Slack' } } },
    ...extra,
  ],
  connections: {},
}, null, 2);
const billing = JSON.stringify({
  name: 'Billing',
  nodes: [{ id: 'b1', name: 'Charge', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://pay.example.com/v1/charges', authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' }, credentials: { httpHeaderAuth: { id: '2', name: 'Pay key' } } }],
  connections: {},
}, null, 2);

const entry = (id: string, name: string, kind: string, direction: string, flow: string, owner: string, extra = '') =>
  `  - id: ${id}\n    name: ${name}\n    kind: ${kind}\n    direction: ${direction}\n    platform: n8n\n    flow: ${flow}\n    node: ${name}\n    owner: ${owner}\n    classification: internal\n    risk: medium\n${extra}`;
const inventory = (owner: string, scopes: string) => [
  'inventory: 1',
  'surfaces:',
  entry('billing-charge', 'Charge', 'api', 'outbound', 'flows/billing.n8n.json', 'finance@example.com', '    endpoint: https://pay.example.com/v1/charges\n'),
  entry('lead-webhook', 'New lead', 'webhook', 'inbound', 'flows/lead.n8n.json', owner, '    auth:\n      method: api-key\n'),
  entry('lead-slack', 'Post to Slack', 'connector', 'outbound', 'flows/lead.n8n.json', 'sales-ops@example.com', `    auth:\n      method: oauth2\n      scopes: [${scopes}]\n`),
].join('\n');

describe('surface-review diff', () => {
  let repo = '';
  before(() => {
    repo = scratchRepo('sr-diff-');
    mkdirSync(path.join(repo, 'flows'));
    writeFileSync(path.join(repo, 'flows/lead.n8n.json'), lead());
    writeFileSync(path.join(repo, 'flows/billing.n8n.json'), billing);
    writeFileSync(path.join(repo, 'surfaces.yaml'), inventory('sales-ops@example.com', 'chat:write'));
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'base');
    // The pull request: a new unauthenticated webhook, a wider Slack scope, the billing flow removed, a new owner.
    writeFileSync(path.join(repo, 'flows/lead.n8n.json'), lead([{ id: 'a3', name: 'Partner hook', type: 'n8n-nodes-base.webhook', parameters: { path: 'partner', httpMethod: 'POST' } }]));
    rmSync(path.join(repo, 'flows/billing.n8n.json'));
    writeFileSync(path.join(repo, 'surfaces.yaml'), inventory("'@acme/growth'", 'chat:write, channels:history'));
  });

  it('reports the surfaces added, removed and changed and the new findings, and exits 1 for the widened scope', () => {
    const r = cli(['diff', '--base', 'HEAD'], repo);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, [
      '+ Partner hook (webhook, flows/lead.n8n.json)',
      '- billing-charge (api, surfaces.yaml)',
      '~ lead-slack: scopes chat:write -> channels:history, chat:write',
      '~ lead-webhook: owner sales-ops@example.com -> @acme/growth',
      'flows/lead.n8n.json:36:15: warning Inbound webhook "Partner hook" (POST partner) is not in the surface inventory: no entry of `surfaces.yaml` names this flow and node, or its endpoint or service. An undocumented surface has no owner, classification or review. [drift/undocumented-surface] (new)',
      'flows/lead.n8n.json:38:7: warning Webhook "Partner hook" (POST partner) accepts requests from anyone who knows its URL: the export shows no authentication. Set its Authentication to Header Auth, Basic Auth or JWT, and verify signatures where the sender signs requests. [ingress/unauthenticated-webhook] (new)',
      'surfaces.yaml:8:11: warning Surface `billing-charge` names flow `flows/billing.n8n.json`, which is not in the workspace (looked for `flows/billing.n8n.json`): the flow was moved, renamed or deleted, so the entry documents nothing that runs. [drift/stale-entry] (new)',
      'Since HEAD: 1 surface(s) added, 1 removed, 2 changed; 3 new finding(s), 0 resolved.',
      'Blocking: `lead-slack` is granted `channels:history`.',
      '',
    ].join('\n'));
  });

  it('writes a pull-request comment with --format markdown', () => {
    const out = path.join(repo, '..', `${path.basename(repo)}-comment.md`);
    const r = cli(['diff', '--base', 'HEAD', '--format', 'markdown', '--output', out], repo);
    assert.equal(r.code, 1, r.stderr);
    const md = readFileSync(out, 'utf8');
    assert.equal(md.split('\n### New findings')[0], [
      '## Integration surfaces: changes since `HEAD`',
      '',
      '**Blocking:** `lead-slack` is granted `channels:history`.',
      '',
      '1 added, 1 removed, 2 changed; 3 new finding(s), 0 resolved.',
      '',
      '### Added',
      '',
      '| surface | kind | file | endpoint | auth | scopes | owner |',
      '|---|---|---|---|---|---|---|',
      '| Partner hook | webhook | flows/lead.n8n.json | `partner` | none | — | — |',
      '',
      '### Removed',
      '',
      '| surface | kind | file |',
      '|---|---|---|',
      '| `billing-charge` | api | surfaces.yaml |',
      '',
      '### Changed',
      '',
      '| surface | field | before | after |',
      '|---|---|---|---|',
      '| `lead-slack` | scopes | `chat:write` | `channels:history, chat:write` (widened: `channels:history`) |',
      '| `lead-webhook` | owner | `sales-ops@example.com` | `@acme/growth` |',
      '',
    ].join('\n'));
    assert.match(md, /\| warning \| `ingress\/unauthenticated-webhook` \| flows\/lead\.n8n\.json:38 \|/);
  });

  it('gives pipelines JSON and SARIF, exits 0 when nothing changed, and 2 for an unknown revision', () => {
    const json = JSON.parse(cli(['diff', '--base', 'HEAD', '--format', 'json'], repo).stdout);
    assert.deepEqual(json.summary, { added: 1, removed: 1, changed: 2, newFindings: 3, newErrors: 0, widenedScopes: 1, blocking: true });
    assert.deepEqual(json.surfaces.changed[0].changes, [{ field: 'scopes', before: 'chat:write', after: 'channels:history, chat:write' }]);
    const sarif = JSON.parse(cli(['diff', '--base', 'HEAD', '--format', 'sarif'], repo).stdout);
    assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort(), ['drift/stale-entry', 'drift/undocumented-surface', 'ingress/unauthenticated-webhook']);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'change');
    const clean = cli(['diff', '--base', 'HEAD'], repo);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(clean.stdout, 'Since HEAD: 0 surface(s) added, 0 removed, 0 changed; 0 new finding(s), 0 resolved.\n');
    assert.equal(cli(['diff', '--base', 'no-such-rev'], repo).code, 2);
    assert.equal(cli(['diff'], repo).code, 2);
  });
});
