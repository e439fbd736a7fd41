// Endpoints that carry secrets, through the CLI as a user runs it (the built dist/cli.js): `check` in every format,
// `inventory` (the file people commit) and `diff` never show more than a secret's first 4 characters. The secrets are
// fake (made-up characters); one is no provider format (a literal api_key=), which only endpoint masking catches.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { git, scratchRepo } from '../helpers/git.js';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SLACK_SECRET = 'Zq81vLx0Tm4Rw7Yp2Kd9Hs6N';
const API_KEY = 'Qa7We3Uo1Iy8Tr4Eu2Pm9Bn';
const PASSWORD = 'Vi5Xk0Cl7sAh2GdOj';
const TELEGRAM = '734819265:AAFq2Lz8Wm5Tx1Rk7Hb4Nc9Jv3Pd6Gs0Ye';
const CLIENT_SECRET = 'Nu4Ke8Rq1Zw6Tb3Lm9Xs2Hy7Dv5';
/** In a node's name: the CLI's last pass masks provider formats in any value it prints. */
const GITHUB = 'ghp_Xc2Vb7Nm4Lk9Jh1Gf6Ds3Aq8Wz5Ex0Rt2YuP';
/** Under a parameter name that says nothing secret (OpenWeather's `appid`): the diff masks it all the same. */
const WEATHER_KEY = 'b6d27e9f0a1c3b5d8e2f4a6c9b1d3e5f';
/** A Telegram bot's id is public (shown whole): its secret is what follows the `:`. */
const SECRETS = [SLACK_SECRET, API_KEY, PASSWORD, TELEGRAM.slice(TELEGRAM.indexOf(':') + 1), CLIENT_SECRET, GITHUB.slice(4), WEATHER_KEY];

const http = (id: string, name: string, url: string, method = 'GET') => ({ id, name, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { method, url, options: { timeout: 1000 } } });
const flow = (urls: readonly string[], extra: object[] = []) =>
  JSON.stringify({ name: 'Orders', nodes: [...['Notify', 'Get orders', 'Legacy', 'Bot', 'Get token'].map((name, i) => http(`n${i}`, name, urls[i], i === 1 || i === 2 ? 'GET' : 'POST')), ...extra], connections: {} }, null, 2);
const PLAIN = flow(['https://a.example.com/v1', 'https://b.example.com/v1', 'https://c.example.com/v1', 'https://d.example.com/v1', 'https://e.example.com/v1'], [http('n8', 'Weather', 'https://f.example.com/v1')]);
const SECRET = flow([
  `https://hooks.slack.com/services/T0ABCD123/B0EFGH456/${SLACK_SECRET}`,
  `https://api.example.com/v1/orders?api_key=${API_KEY}&limit=10`,
  `https://svc:${PASSWORD}@legacy.example.com/v1/orders`,
  `https://api.telegram.org/bot${TELEGRAM}/sendMessage`,
  `https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token?grant_type=client_credentials&client_id=0a1b2c3d&client_secret=${CLIENT_SECRET}&scope=Directory.ReadWrite.All`,
], [http('n8', 'Weather', `https://api.openweathermap.org/data/2.5/weather?q=Paris&appid=${WEATHER_KEY}`), http('n9', `Deploy ${GITHUB}`, 'https://deploy.example.com/v1', 'POST')]);
const INVENTORY = 'inventory: 1\nsurfaces:\n  - id: other\n    name: Other\n    kind: api\n    direction: outbound\n    flow: other.json\n';

function assertMasked(text: string, where: string): void {
  for (const secret of SECRETS) {
    for (let i = 0; i + 8 <= secret.length; i++) assert.ok(!text.includes(secret.slice(i, i + 8)), `${where}: characters ${i}-${i + 8} of a secret are shown`);
  }
}

describe('endpoints with secrets through the CLI', () => {
  let repo = '';
  before(() => {
    repo = scratchRepo('sr-secret-endpoints-');
    writeFileSync(path.join(repo, 'orders.n8n.json'), PLAIN);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'base');
    writeFileSync(path.join(repo, 'orders.n8n.json'), SECRET);
  });

  it('check, in every format: messages (drift, scope) and surfaces show endpoints masked', () => {
    writeFileSync(path.join(repo, 'surfaces.yaml'), INVENTORY);
    for (const format of ['text', 'json', 'sarif', 'csv', 'markdown', 'html']) {
      const r = cli(['check', '.', '--format', format, '--fail-on', 'never'], repo);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /api_key=Qa7W…/, format);
      assertMasked(r.stdout + r.stderr, format);
    }
  });

  it('inventory: the file written and standard output show endpoints masked, and the entries link to their nodes', () => {
    writeFileSync(path.join(repo, 'surfaces.yaml'), '');
    const printed = cli(['inventory', 'orders.n8n.json'], repo);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, /endpoint: https:\/\/svc:Vi5X…@legacy\.example\.com\/v1\/orders\n/);
    assertMasked(printed.stdout + printed.stderr, 'inventory (stdout)');
    const written = cli(['inventory', 'orders.n8n.json', '--output', 'surfaces.yaml'], repo);
    assert.equal(written.code, 0, written.stderr);
    assertMasked(readFileSync(path.join(repo, 'surfaces.yaml'), 'utf8'), 'inventory (file)');
    const check = JSON.parse(cli(['check', '.', '--format', 'json', '--fail-on', 'never'], repo).stdout) as { findings: { ruleId: string }[] };
    assert.deepEqual(check.findings.filter((f) => f.ruleId.startsWith('drift/')), []);
  });

  it('diff, in every format, shows changed endpoints masked', () => {
    writeFileSync(path.join(repo, 'surfaces.yaml'), '');
    for (const format of ['text', 'json', 'markdown', 'sarif']) {
      const r = cli(['diff', '--base', 'HEAD', '--format', format], repo);
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      assertMasked(r.stdout + r.stderr, `diff ${format}`);
      if (format !== 'sarif') assert.match(r.stdout, /hooks\.slack\.com\/services\/T0ABCD123\/B0EFGH456\/Zq81…/, format);
      if (format !== 'sarif') assert.match(r.stdout, /weather\?q=Paris&(?:amp;)?appid=b6d2…/, format);
    }
  });
});
