import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookupScope, SCOPE_PROVIDERS } from '../../../../server/src/core/knowledge/scopes/index.js';
import { applyFix, inventoryFindings, oneSurface, problemsOf } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';

const RULE = 'scope/overbroad';
const base = ['id: conn', 'name: Connector', 'kind: connector', 'direction: outbound'];
const scopes = (...s: string[]) => oneSurface(...base, 'auth:', '  method: oauth2', '  scopes:', ...s.map((x) => `    - ${x}`));

describe(RULE, () => {
  runRuleTable(RULE, [
    { name: 'narrow scopes', text: scopes('User.Read', 'chat:write', 'read_products'), expected: [] },
    { name: 'a high scope with a narrower one, as a warning', text: scopes('Files.ReadWrite.All'), expected: [{ covers: 'Files.ReadWrite.All', severity: 'warning', message: /\(Microsoft Graph, rated high\).*Use `Files.ReadWrite.AppFolder` or `Sites.Selected` or `Files.ReadWrite` instead/ }] },
    { name: 'a critical scope, as an error', text: scopes('Directory.ReadWrite.All'), expected: [{ covers: 'Directory.ReadWrite.All', severity: 'error' }] },
    { name: 'a Google scope written short or as a URL', text: scopes('drive', 'https://www.googleapis.com/auth/drive'), expected: [{ covers: 'drive' }, { covers: 'https://www.googleapis.com/auth/drive' }] },
    { name: 'a wildcard', text: scopes('"*"'), expected: [{ covers: '"*"', severity: 'error', message: /wildcard/ }] },
    { name: 'Microsoft Graph scopes written as URIs, narrower ones suggested in the same form', text: scopes('https://graph.microsoft.com/Directory.ReadWrite.All', 'https://graph.microsoft.com/Mail.ReadWrite', 'https://graph.microsoft.com/Tasks.ReadWrite.All', 'https://graph.microsoft.com/User.Read'), expected: [
      { covers: 'https://graph.microsoft.com/Directory.ReadWrite.All', severity: 'error', message: /\(Microsoft Graph, rated critical\)/ },
      { covers: 'https://graph.microsoft.com/Mail.ReadWrite', severity: 'warning', message: /Use `https:\/\/graph.microsoft.com\/Mail.Read` or `https:\/\/graph.microsoft.com\/Mail.ReadBasic` instead/ },
      { covers: 'https://graph.microsoft.com/Tasks.ReadWrite.All', message: /`https:\/\/graph.microsoft.com\/Tasks.Read.All`/ },
    ] },
    { name: 'a high scope with no narrower one', text: scopes('Mail.Send'), expected: [] },
    { name: 'GitHub repo, Slack admin, Salesforce full, Shopify write_orders', text: scopes('repo', 'admin.users:write', 'full', 'write_orders'), expected: [{ covers: 'repo' }, { covers: 'admin.users:write' }, { covers: 'full' }, { covers: 'write_orders' }] },
    // The list (#5): Salesforce `api` is the narrower alternative most integrations need, `refresh_token` is broad.
    { name: 'Salesforce api (the narrower scope), openid and id', text: scopes('api', 'id', 'openid'), expected: [] },
    { name: 'Salesforce full, narrowed to api only (refresh_token is no narrower form of it)', text: scopes('full'), expected: [{ covers: 'full', severity: 'error', message: /Use `api` instead\.$/ }] },
    { name: 'Salesforce refresh_token and offline_access (lasting access without the user)', text: oneSurface('id: sf', 'name: Salesforce', 'kind: connector', 'direction: outbound', 'auth:', '  method: oauth2', '  scopes:', '    - refresh_token', '    - offline_access'), expected: [
      { covers: 'refresh_token', severity: 'warning', message: /\(Salesforce, rated high\).*Use `api` instead/ },
      { covers: 'offline_access', severity: 'warning', message: /\(Salesforce, rated high\).*Use `api` instead/ },
    ] },
    { name: 'Slack *:history and search:read (user-token reach into private conversations), with the narrower scope named', text: scopes('im:history', 'mpim:history', 'search:read', 'stars:history'), expected: [
      { covers: 'im:history', message: /\(Slack, rated high\).*as a bot scope \(`scope=`\) it reads the conversations the app is added to/ },
      { covers: 'mpim:history', message: /Public channels need only `channels:history`\.$/ },
      { covers: 'search:read', message: /If the flow searches public channels only, Slack's Real-time Search API needs only `search:read.public`/ },
      { covers: 'stars:history', message: /Read only the conversations the flow needs/ },
    ] },
    { name: 'Slack bot chat:write, channels:history and search:read.public', text: scopes('chat:write', 'channels:history', 'search:read.public'), expected: [] },
    { name: 'GitHub workflow and delete_repo, with a fine-grained token named as the narrower way', text: scopes('workflow', 'delete_repo'), expected: [
      { covers: 'workflow', severity: 'warning', message: /\(GitHub, rated high\).*fine-grained personal access token/ },
      { covers: 'delete_repo', severity: 'error', message: /fine-grained personal access token/ },
    ] },
    { name: 'GitHub public_repo, read:org', text: scopes('public_repo', 'read:org'), expected: [] },
  ]);

  it('offers each narrower scope; the fix re-validates and clears the finding', () => {
    const text = scopes('Sites.ReadWrite.All');
    const [finding] = inventoryFindings(RULE, text);
    assert.deepEqual(finding.fixes!.map((f) => f.title), ['Narrow to Sites.Selected']);
    const fixed = applyFix(text, finding.fixes![0]);
    assert.match(fixed, /- Sites.Selected/);
    assert.deepEqual(problemsOf(fixed), []);
    assert.deepEqual(inventoryFindings(RULE, fixed), []);
  });

  it('removes a broad scope when a narrower one is already granted, so no scope is listed twice', () => {
    const text = scopes('Mail.ReadWrite', 'Mail.Read');
    const fix = inventoryFindings(RULE, text)[0].fixes![0];
    assert.equal(fix.title, 'Remove Mail.ReadWrite (Mail.Read is already granted)');
    const fixed = applyFix(text, fix);
    assert.doesNotMatch(fixed, /Mail.ReadWrite/);
    assert.deepEqual(problemsOf(fixed), []);
  });

  it('removes a broad scope written as a URI when its narrower one is granted in short form', () => {
    const fix = inventoryFindings(RULE, scopes('https://graph.microsoft.com/Mail.ReadWrite', 'Mail.Read'))[0].fixes![0];
    assert.equal(fix.title, 'Remove https://graph.microsoft.com/Mail.ReadWrite (https://graph.microsoft.com/Mail.Read is already granted)');
  });

  it('picks the provider from the surface when a scope name is shared', () => {
    assert.equal(lookupScope('admin', 'Slack workspace')?.provider, 'Slack');
    for (const provider of SCOPE_PROVIDERS) {
      for (const entry of provider.scopes) {
        for (const n of entry.narrower) assert.ok(!(n.toLowerCase() === entry.scope.toLowerCase()), `${entry.scope} lists itself`);
        assert.ok(entry.why.length > 10, entry.scope);
      }
    }
  });
});
