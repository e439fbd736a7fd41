// The threat view's "changed since REV" over the protocol: dist/server.js --stdio on a scripted git repository (a
// webhook added, a Slack scope widened, not committed yet), the default base (merge base with main), the delta first
// in the tree, a commit that moves the base, and the one line the output gets when nothing can be compared.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ThreatModelGroupRequest, ThreatModelRequest, ThreatModelSurfaceRequest, type ThreatModelDto } from '../../server/src/protocol.js';
import { git, scratchRepo } from '../helpers/git.js';
import { DEFAULT_SETTINGS, LspSession } from '../helpers/lspSession.js';

const BY_PLATFORM = { groupBy: 'platform', openOnly: false } as const;

const lead = (extra: object[] = []) => JSON.stringify({
  name: 'Lead intake',
  nodes: [
    { id: 'a1', name: 'New lead', type: 'n8n-nodes-base.webhook', parameters: { path: 'lead', httpMethod: 'POST', authentication: 'headerAuth' }, credentials: { httpHeaderAuth: { id: '1', name: 'Lead hook key' } } },
    { id: 'a2', name: 'Post to Slack', type: 'n8n-nodes-base.slack', parameters: { channel: '#leads' }, credentials: { slackOAuth2Api: { id: '7', name: 'Sales Slack' } } },
    ...extra,
  ],
  connections: { 'New lead': { main: [[{ node: 'Post to Slack', type: 'main', index: 0 }]] } },
}, null, 2);
const PARTNER_HOOK = { id: 'a3', name: 'Partner hook', type: 'n8n-nodes-base.webhook', parameters: { path: 'partner', httpMethod: 'POST' } };

const inventory = (scopes: string) => [
  'inventory: 1',
  'surfaces:',
  '  - id: lead-webhook\n    name: New lead\n    kind: webhook\n    direction: inbound\n    platform: n8n\n    flow: flows/lead.n8n.json\n    node: New lead\n    owner: sales-ops@example.com\n    classification: internal\n    risk: medium\n    auth:\n      method: api-key',
  `  - id: lead-slack\n    name: Post to Slack\n    kind: connector\n    direction: outbound\n    platform: n8n\n    flow: flows/lead.n8n.json\n    node: Post to Slack\n    owner: sales-ops@example.com\n    classification: internal\n    risk: medium\n    auth:\n      method: oauth2\n      scopes: [${scopes}]`,
  '',
].join('\n');

/** A repository on `main` with the base committed and the change (new webhook, wider Slack scope) in the working tree. */
function scriptedRepo(): string {
  const repo = scratchRepo('sr-since-', 'main');
  mkdirSync(path.join(repo, 'flows'));
  writeFileSync(path.join(repo, 'flows/lead.n8n.json'), lead());
  writeFileSync(path.join(repo, 'surfaces.yaml'), inventory('chat:write'));
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'base');
  writeFileSync(path.join(repo, 'flows/lead.n8n.json'), lead([PARTNER_HOOK]));
  writeFileSync(path.join(repo, 'surfaces.yaml'), inventory('chat:write, channels:history'));
  return repo;
}

/** Starts the server on `folder` with `changedSince` as the setting and waits for the first scan. */
async function start(folder: string, changedSince: string, options: { trusted?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<LspSession> {
  const session = new LspSession({ ...DEFAULT_SETTINGS, threatModel: { changedSince } }, { env: options.env });
  await session.start([folder], { initializationOptions: { workspaceTrusted: options.trusted !== false } });
  return session;
}

describe('threat view: changed since a git revision', () => {
  let repo: string;
  let session: LspSession;
  let model: ThreatModelDto;

  before(async () => {
    repo = scriptedRepo();
    session = await start(repo, '');
    model = await session.until('a model compared with the merge base', async () => {
      const m = await session.connection.sendRequest(ThreatModelRequest, BY_PLATFORM);
      return m.changedSince ? m : undefined;
    });
  });

  after(() => session?.stop());

  it('compares with the merge base of HEAD and main by default, and says so once in the output', () => {
    const head = git(repo, 'rev-parse', '--short=7', 'HEAD');
    assert.equal(model.changedSince?.label, `merge base with main (${head})`);
    assert.deepEqual(model.changedSince?.commits, [head]);
    assert.equal(session.logs.filter((l) => l.includes('marking changes since')).length, 1, session.logs.join('\n'));
    assert.match(session.logs.find((l) => l.includes('marking changes since'))!.replace(path.basename(repo), 'REPO'), /^Threat model: REPO: marking changes since merge base with main \([0-9a-f]{7}\): 2 file\(s\) at that revision, 2 read from git, in \d+ ms\.$/);
  });

  it('marks the added webhook and the widened scope, lists them first, and leaves the unchanged surface unmarked', async () => {
    const [group] = model.groups;
    assert.equal(group.key, 'n8n');
    const page = await session.connection.sendRequest(ThreatModelGroupRequest, { ...BY_PLATFORM, key: 'n8n' });
    const byId = new Map(page.surfaces.map((s) => [s.id, s]));
    const partner = byId.get('flows/lead.n8n.json#a3');
    const slack = byId.get('lead-slack');
    const webhook = byId.get('lead-webhook');
    assert.ok(partner && slack && webhook, `surfaces: ${[...byId.keys()].join(', ')}`);
    assert.equal(partner.change, 'added');
    assert.equal(slack.change, 'changed');
    assert.deepEqual(slack.changedFields, ['scopes']);
    assert.deepEqual(slack.widenedScopes, ['channels:history']);
    assert.equal(webhook.change, undefined, 'the documented webhook did not change');
    // The delta first: every marked surface comes before every unmarked one.
    const marked = page.surfaces.map((s) => s.change !== undefined || (s.newFindings ?? 0) > 0);
    assert.deepEqual(marked, [...marked].sort((a, b) => Number(b) - Number(a)));
    assert.equal(page.surfaces.findIndex((s) => s.id === 'lead-webhook'), page.surfaces.length - 1);
    assert.equal(group.changed, marked.filter(Boolean).length);
    assert.equal(model.changedSince?.surfaces, marked.filter(Boolean).length);
  });

  it('marks the findings the change brought as new, and only those', async () => {
    const partner = await session.connection.sendRequest(ThreatModelSurfaceRequest, { id: 'flows/lead.n8n.json#a3' });
    const spoofing = partner?.threats.find((t) => t.stride === 'S');
    const open = spoofing?.findings.find((f) => f.ruleId === 'ingress/unauthenticated-webhook');
    assert.equal(open?.isNew, true, JSON.stringify(spoofing?.findings));
    assert.equal(spoofing?.findings[0].isNew, true, 'new findings come first');
    const webhook = await session.connection.sendRequest(ThreatModelSurfaceRequest, { id: 'lead-webhook' });
    const own = webhook!.threats.flatMap((t) => t.findings).filter((f) => !f.elsewhere);
    assert.ok(own.length, 'the unchanged webhook has findings of its own');
    assert.deepEqual(own.filter((f) => f.isNew), [], 'none of them is new');
    assert.ok((model.changedSince?.findings ?? 0) >= 2, 'the partner hook brings at least the open-webhook and undocumented-surface findings');
  });

  it('follows HEAD: once the change is committed on main, nothing is new', async () => {
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'partner hook, wider scope');
    const head = git(repo, 'rev-parse', '--short=7', 'HEAD');
    const after = await session.until('the model to compare with the new HEAD', async () => {
      const m = await session.connection.sendRequest(ThreatModelRequest, BY_PLATFORM);
      return m.changedSince?.commits[0] === head ? m : undefined;
    });
    assert.deepEqual({ surfaces: after.changedSince?.surfaces, findings: after.changedSince?.findings }, { surfaces: 0, findings: 0 });
    const page = await session.connection.sendRequest(ThreatModelGroupRequest, { ...BY_PLATFORM, key: 'n8n' });
    assert.deepEqual(page.surfaces.filter((s) => s.change || s.newFindings), []);
  });
});

describe('threat view: changed since, when nothing can be compared', () => {
  /** Starts a server on `folder`, asks for the model, and returns the one output line about the comparison. */
  async function reason(folder: string, changedSince: string, options: Parameters<typeof start>[2] & { again?: boolean } = {}): Promise<string> {
    const prefix = `Threat model: ${path.basename(folder)}: `;
    const session = await start(folder, changedSince, options);
    try {
      await session.connection.sendRequest(ThreatModelRequest, BY_PLATFORM);
      const line = await session.until('the reason in the output', () => session.logs.find((l) => l.startsWith(prefix)));
      const model = await session.connection.sendRequest(ThreatModelRequest, BY_PLATFORM);
      assert.equal(model.changedSince, undefined);
      if (options.again) {
        await new Promise((r) => setTimeout(r, 2500)); // past the throttle: git is asked again, the line is not repeated
        await session.connection.sendRequest(ThreatModelRequest, BY_PLATFORM);
        await new Promise((r) => setTimeout(r, 500));
        assert.equal(session.logs.filter((l) => l.startsWith(prefix)).length, 1, session.logs.join('\n'));
      }
      return line.slice(prefix.length);
    } finally {
      session.stop();
    }
  }

  it('says why, once, for an unknown revision, an option passed as one, a folder outside git, no git, an untrusted workspace and "off"', async () => {
    const repo = scriptedRepo();
    assert.equal(await reason(repo, 'no-such-branch', { again: true }), 'changes since no-such-branch are not marked: "no-such-branch" is not a commit of this repository.');
    assert.equal(await reason(repo, '--output=x'), 'changes since --output=x are not marked: "--output=x" is not a git revision.');
    const plain = mkdtempSync(path.join(tmpdir(), 'sr-since-plain-'));
    writeFileSync(path.join(plain, 'lead.n8n.json'), lead());
    assert.equal(await reason(plain, ''), 'changes since the default branch are not marked: not a git repository.');
    assert.equal(await reason(repo, 'HEAD', { env: { ...process.env, PATH: path.join(plain, 'no-bin') } }), 'changes since HEAD are not marked: git is not installed (or not on PATH).');
    assert.equal(await reason(repo, 'HEAD', { trusted: false }), 'changes since a revision are not marked: git is only run in a trusted workspace.');
    assert.equal(await reason(repo, 'off'), 'changes since a revision are not marked (surfaceReview.threatModel.changedSince is "off").');
  });
});
