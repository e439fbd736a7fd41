// The secret detection benchmark (DESIGN.md §10), called by `npm run bench` and runnable alone:
//
//   node scripts/bench-secrets.mjs [--corpus DIR] [--quick]
//
// It builds a labelled set from the corpus: each flow export gets one synthetic, format-valid fake secret where
// people paste them (a header, a URL, a code node, a credential field, a parameter default) and decoys that must
// not be reported (template references, placeholders, publishable keys, ids, hashes). Both our review and
// secretlint's recommended preset (@secretlint/core `lintSource`, same process, same texts) run on the set; a secret
// counts as found when a reported range overlaps it. No real secret is used or printed: every value is made up here
// from the providers' documented shapes with a seeded PRNG.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCore, random, readCorpus, ROOT, round } from './bench-common.mjs';

const MiB = 1024 * 1024;

// ---- Fake secrets in the providers' shapes -----------------------------------------------------------------

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';
const URLSAFE = ALNUM + '-_';

/** The fake-secret generators, one per labelled format; `place` restricts where a value can sensibly go. */
function generators(rand) {
  const c = (n, alphabet = ALNUM) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
  const digits = (n) => String(1 + Math.floor(rand() * 9)) + c(n - 1, DIGITS);
  const uuid = () => [8, 4, 4, 4, 12].map((n) => c(n, HEX)).join('-');
  const b64url = (s) => Buffer.from(s).toString('base64url');
  return {
    'aws-access-key-id': () => 'AKIA' + c(16, UPPER + '234567'),
    'github-classic-token': () => 'ghp_' + c(36),
    'github-oauth-token': () => 'gho_' + c(36),
    'github-app-token': () => 'ghs_' + c(36),
    'github-fine-grained-token': () => `github_pat_${c(22)}_${c(59)}`,
    'gitlab-token': () => 'glpat-' + c(20, URLSAFE),
    'slack-bot-token': () => `xoxb-${digits(12)}-${digits(13)}-${c(24)}`,
    'slack-user-token': () => `xoxp-${digits(12)}-${digits(12)}-${digits(13)}-${c(32, HEX)}`,
    'slack-app-token': () => `xapp-1-A${c(10, UPPER + DIGITS)}-${digits(13)}-${c(64, HEX)}`,
    'slack-webhook-url': () => `https://hooks.slack.com/services/T${c(8, UPPER + DIGITS)}/B${c(10, UPPER + DIGITS)}/${c(24)}`,
    'teams-webhook-url': () => `https://contoso.webhook.office.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${c(32, HEX)}/${uuid()}`,
    'discord-webhook-url': () => `https://discord.com/api/webhooks/${digits(19)}/${c(68, URLSAFE)}`,
    'discord-bot-token': () => `M${c(25)}.${c(6, URLSAFE)}.${c(38, URLSAFE)}`,
    'telegram-bot-token': () => `${digits(10)}:AA${c(33, URLSAFE)}`,
    'stripe-secret-key': () => 'sk_live_' + c(24 + Math.floor(rand() * 75)),
    'stripe-restricted-key': () => 'rk_live_' + c(24 + Math.floor(rand() * 75)),
    'google-api-key': () => 'AIza' + c(35, URLSAFE),
    'google-oauth-client-secret': () => 'GOCSPX-' + c(28, URLSAFE),
    'azure-ad-client-secret': () => `${c(3)}${c(1, DIGITS)}Q~${c(34, ALNUM + '_~.-')}`,
    'azure-storage-connection-string': () => `DefaultEndpointsProtocol=https;AccountName=contoso${c(4, LOWER)};AccountKey=${c(86, B64)}==;EndpointSuffix=core.windows.net`,
    'azure-sas-url': () => `https://contoso${c(4, LOWER)}.blob.core.windows.net/exports/report.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31T00:00:00Z&spr=https&sig=${encodeURIComponent(c(43, B64) + '=')}`,
    'openai-api-key': () => 'sk-proj-' + c(100 + Math.floor(rand() * 60), URLSAFE),
    'anthropic-api-key': () => `sk-ant-api03-${c(93, URLSAFE)}AA`,
    'sendgrid-api-key': () => `SG.${c(22, URLSAFE)}.${c(43, URLSAFE)}`,
    'mailgun-api-key': () => 'key-' + c(32, HEX),
    'twilio-api-key': () => 'SK' + c(32, HEX),
    'shopify-access-token': () => 'shpat_' + c(32, HEX),
    'hubspot-private-app-token': () => `pat-na1-${uuid()}`,
    'airtable-token': () => `pat${c(14)}.${c(64, HEX)}`,
    'notion-token': () => 'ntn_' + c(46),
    'npm-token': () => 'npm_' + c(36),
    'jwt': () => `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ sub: c(12, DIGITS), name: 'svc-' + c(6, LOWER), iat: 1700000000 + Math.floor(rand() * 1e7) }))}.${c(43, URLSAFE)}`,
    'private-key': () => `-----BEGIN RSA PRIVATE KEY-----\n${Array.from({ length: 8 }, () => c(64, B64)).join('\n')}\n-----END RSA PRIVATE KEY-----`,
    'database-connection-string': () => `postgres://app_${c(4, LOWER)}:${c(18)}@db-${c(6, LOWER)}.example.com:5432/prod`,
    'url-credentials': () => `https://svc-${c(5, LOWER)}:${c(16)}@api.example.com/v2/export`,
    'literal-password': () => c(6, LOWER) + c(4, DIGITS) + c(1, '!#%&*') + c(3, UPPER),
    'literal-api-key': () => c(32),
  };
}

/** Where each labelled value is pasted; URL-shaped secrets go where URLs go, multi-line keys where text goes. */
const PLACES = ['header', 'url', 'code', 'field', 'default'];
const URL_SHAPED = new Set(['slack-webhook-url', 'teams-webhook-url', 'discord-webhook-url', 'azure-sas-url', 'database-connection-string', 'url-credentials']);

function placeFor(formatId, i) {
  if (URL_SHAPED.has(formatId)) return ['url', 'field', 'code', 'default'][i % 4];
  if (formatId === 'private-key') return ['field', 'code', 'default'][i % 3];
  if (formatId === 'literal-password') return ['field', 'code', 'default'][i % 3];
  return PLACES[i % PLACES.length];
}

/** How a value sits in its place: the field name, the header, the code line, the URL. */
function snippet(place, formatId, secret) {
  const name = formatId === 'literal-password' ? 'password' : formatId === 'private-key' ? 'privateKey' : formatId.includes('url') || formatId.includes('connection') ? 'webhookUrl' : 'apiKey';
  switch (place) {
    case 'header': return { name: formatId === 'literal-api-key' ? 'X-API-Key' : 'Authorization', value: formatId === 'literal-api-key' ? secret : `Bearer ${secret}` };
    case 'url': return { name: 'url', value: URL_SHAPED.has(formatId) ? secret : `https://api.example.com/v1/items?api_key=${secret}` };
    case 'code': return { name: 'code', value: `// call the API\nconst ${name} = ${JSON.stringify(secret)};\nconst res = await fetch(url, { headers: { 'X-Trace': id } });\nreturn res;` };
    default: return { name, value: secret };
  }
}

/** Decoys: references and placeholders in secret-looking places (name, value), and publishable keys, ids, hashes. */
function decoys(rand) {
  const c = (n, alphabet = ALNUM) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
  const uuid = () => [8, 4, 4, 4, 12].map((n) => c(n, HEX)).join('-');
  return [
    ['apiKey', '={{ $env.API_KEY }}'],
    ['Authorization', '=Bearer {{ $credentials.token }}'],
    ['token', "={{ $('Get token').item.json.access_token }}"],
    ['password', "@parameters('DbPassword')"],
    ['Authorization', "Bearer @{body('Get_secret')?['value']}"],
    ['client_secret', "@appsetting('ClientSecret')"],
    ['apiKey', "[parameters('apiKey')]"],
    ['apiKey', '{{1.apiKey}}'],
    ['token', '${API_TOKEN}'],
    ['password', '$DB_PASSWORD'],
    ['apiKey', 'env.get("API_KEY")'],
    ['apiKey', 'YOUR_API_KEY'],
    ['Authorization', 'Bearer <token>'],
    ['secret', 'xxxxxxxxxxxxxxxxxxxxxxxx'],
    ['password', '****************'],
    ['apiKey', 'sk_live_YOUR_KEY_HERE'],
    ['publishableKey', 'pk_live_' + c(24)],
    ['clientId', uuid()],
    ['checksum', c(64, HEX)],
    ['sha256', c(64, HEX)],
    ['code', 'const apiKey = process.env.API_KEY;\nconst token = $env.SERVICE_TOKEN;\nreturn [{ json: { ok: true } }];'],
    ['url', 'https://api.example.com/v1/items?api_key={{ $env.API_KEY }}'],
    ['url', 'postgres://app:${DB_PASSWORD}@db.example.com:5432/prod'],
  ];
}

// ---- Injection per platform ---------------------------------------------------------------------------------

/** The WDL definition of a Power Automate / Logic Apps export, wherever the packaging put it. */
function wdlDefinition(v) {
  if (v?.properties?.definition) return v.properties.definition;
  if (v?.definition) return v.definition;
  for (const r of v?.resources ?? []) if (r?.properties?.definition) return r.properties.definition;
  if (v?.triggers || v?.actions) return v;
  return undefined;
}

/** Adds the labelled value (and the decoys) to a parsed export in the platform's own shapes; false when it cannot. */
function inject(platform, v, place, name, value, decoyPairs) {
  if (platform === 'n8n') {
    if (!Array.isArray(v?.nodes)) return false;
    const parameters = place === 'header' ? { url: 'https://api.example.com/v1', sendHeaders: true, headerParameters: { parameters: [{ name, value }] } }
      : place === 'url' ? { url: value }
      : place === 'code' ? { jsCode: value }
      : { [name]: value };
    const type = place === 'code' ? 'n8n-nodes-base.code' : 'n8n-nodes-base.httpRequest';
    v.nodes.push({ parameters, name: 'Injected call', type, typeVersion: 4, position: [0, 0] });
    v.nodes.push({ parameters: { url: 'https://api.example.com/v1', sendHeaders: true, headerParameters: { parameters: decoyPairs.map(([n, d]) => ({ name: n, value: d })) } }, name: 'Injected decoys', type: 'n8n-nodes-base.httpRequest', typeVersion: 4, position: [0, 200] });
    return true;
  }
  if (platform === 'powerautomate' || platform === 'logicapps') {
    const def = wdlDefinition(v);
    if (!def) return false;
    def.actions ??= {};
    if (place === 'default') {
      def.parameters ??= {};
      def.parameters[name] = { type: 'String', defaultValue: value };
    } else if (place === 'code') {
      def.actions.Injected_code = { type: 'JavaScriptCode', inputs: { code: value }, runAfter: {} };
    } else {
      const inputs = place === 'header' ? { method: 'GET', uri: 'https://api.example.com/v1', headers: { [name]: value } }
        : place === 'url' ? { method: 'POST', uri: value }
        : { method: 'GET', uri: 'https://api.example.com/v1', authentication: { type: 'Raw', [name]: value } };
      def.actions.Injected_call = { type: 'Http', inputs, runAfter: {} };
    }
    const headers = {};
    decoyPairs.filter(([n]) => n !== 'code' && n !== 'url').forEach(([n, d], i) => { headers[n in headers ? `${n}${i}` : n] = d; });
    def.actions.Injected_decoys = { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com/v1', headers, body: { code: decoyPairs.find(([n]) => n === 'code')[1] } }, runAfter: {} };
    return true;
  }
  if (platform === 'nodered') {
    if (!Array.isArray(v)) return false;
    const z = v.find((n) => n?.type === 'tab')?.id;
    if (place === 'code') v.push({ id: 'inj0000000000001', type: 'function', z, name: 'Injected', func: value, outputs: 1, x: 0, y: 0, wires: [] });
    else if (place === 'header') v.push({ id: 'inj0000000000001', type: 'http request', z, name: 'Injected', method: 'GET', url: 'https://api.example.com/v1', headers: [{ keyType: 'other', keyValue: name, valueType: 'other', valueValue: value }], x: 0, y: 0, wires: [] });
    else if (place === 'url') v.push({ id: 'inj0000000000001', type: 'http request', z, name: 'Injected', method: 'GET', url: value, x: 0, y: 0, wires: [] });
    else v.push({ id: 'inj0000000000001', type: 'change', z, name: 'Injected', rules: [{ t: 'set', p: name, pt: 'msg', to: value, tot: 'str' }], x: 0, y: 0, wires: [] });
    v.push({ id: 'inj0000000000002', type: 'http request', z, name: 'Injected decoys', method: 'GET', url: 'https://api.example.com/v1', headers: decoyPairs.filter(([n]) => n !== 'code').map(([n, d]) => ({ keyType: 'other', keyValue: n, valueType: 'other', valueValue: d })), x: 0, y: 0, wires: [] });
    return true;
  }
  if (platform === 'make') {
    if (!Array.isArray(v?.flow)) return false;
    const mapper = place === 'header' ? { url: 'https://api.example.com/v1', method: 'get', headers: [{ name, value }] }
      : place === 'url' ? { url: value, method: 'get' }
      : place === 'code' ? { url: 'https://api.example.com/v1', method: 'post', data: value }
      : { url: 'https://api.example.com/v1', method: 'get', [name]: value };
    v.flow.push({ id: 9001, module: 'http:ActionSendData', version: 3, parameters: {}, mapper, metadata: { designer: { x: 0, y: 0 } } });
    v.flow.push({ id: 9002, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: 'https://api.example.com/v1', method: 'get', headers: decoyPairs.map(([n, d]) => ({ name: n, value: d })) }, metadata: { designer: { x: 0, y: 0 } } });
    return true;
  }
  return false;
}

/** The labelled set: one copy of each (parseable, injectable) corpus flow with one secret and the decoys. */
export function buildLabelledSet(files, platformOf) {
  const rand = random(20250101);
  const gens = generators(rand);
  const ids = Object.keys(gens);
  const set = [];
  let k = 0;
  for (const f of files) {
    const platform = platformOf(f.path);
    let v;
    try {
      v = JSON.parse(f.text.replace(/^\ufeff/, ''));
    } catch {
      continue;
    }
    const formatId = ids[k % ids.length];
    const place = placeFor(formatId, Math.floor(k / ids.length));
    const secret = gens[formatId]();
    const { name, value } = snippet(place, formatId, secret);
    const decoyPairs = decoys(rand);
    if (!inject(platform, v, place, name, value, decoyPairs)) continue;
    k++;
    const text = JSON.stringify(v, null, 2);
    // Where the secret sits in the text: inside the JSON string of its value, escaped (twice in code: the JS literal, then JSON).
    const esc = (x) => JSON.stringify(x).length - 2;
    const inValue = value.includes(secret) ? secret : JSON.stringify(secret).slice(1, -1);
    const valueAt = text.indexOf(JSON.stringify(value).slice(1, -1));
    const at = valueAt === -1 ? -1 : valueAt + esc(value.slice(0, value.indexOf(inValue)));
    const decoyAt = decoyPairs.map(([n, d]) => ({ name: n, value: d, at: text.indexOf(JSON.stringify(d).slice(1, -1)), length: JSON.stringify(d).length - 2 }));
    set.push({ path: f.path, platform, text, formatId, place, secret: { at, length: esc(inValue) }, decoys: decoyAt.filter((d) => d.at >= 0) });
  }
  return set;
}

// ---- Detectors -------------------------------------------------------------------------------------------------

const overlaps = (ranges, at, length) => ranges.some(([s, e]) => s < at + length && at < e);

/** Our review, with every rule (`all`) or the secret rules only (what secretlint is compared with); secret findings are kept. */
function ourRanges(core, item, rules) {
  const result = core.analyze({ uri: `file:///bench/${item.path}`, path: item.path, text: item.text }, { today: new Date('2025-01-01T00:00:00Z'), maxFileSizeKB: 100_000, rules });
  return result.findings.filter((f) => f.ruleId.startsWith('secret/')).map((f) => [f.range.start, f.range.end]);
}

/** secretlint 12's recommended preset through its programmatic API, with the always-on profiler's `mark` stubbed. */
async function loadSecretlint() {
  const require = createRequire(pathToFileURL(path.join(ROOT, 'node_modules/secretlint/package.json')));
  let corePath;
  try {
    corePath = require.resolve('@secretlint/core');
  } catch {
    return undefined;
  }
  const coreRequire = createRequire(pathToFileURL(corePath));
  const profiler = await import(pathToFileURL(coreRequire.resolve('@secretlint/profiler')).href);
  profiler.secretLintProfiler.mark = () => {}; // it otherwise keeps every mark and slows down with each file linted
  const { lintSource } = await import(pathToFileURL(corePath).href);
  const presetPath = createRequire(pathToFileURL(path.join(ROOT, 'package.json'))).resolve('@secretlint/secretlint-rule-preset-recommend');
  const presetModule = await import(pathToFileURL(presetPath).href);
  const preset = presetModule.creator ?? presetModule.default?.creator ?? presetModule.default;
  const version = JSON.parse((await import('node:fs')).readFileSync(path.join(path.dirname(corePath), '../package.json'), 'utf8')).version;
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset }] };
  return {
    version,
    async ranges(item) {
      const result = await lintSource({ source: { filePath: `/bench/${item.path}`, content: item.text, contentType: 'text' }, options: { config, noPhysicFilePath: true } });
      return result.messages.map((m) => m.range);
    },
  };
}

// ---- Scoring -----------------------------------------------------------------------------------------------------

function score(set, rangesOf) {
  const byFormat = {};
  let found = 0;
  let decoysReported = 0;
  const decoyKinds = {};
  for (let i = 0; i < set.length; i++) {
    const item = set[i];
    const ranges = rangesOf[i];
    const hit = item.secret.at >= 0 && overlaps(ranges, item.secret.at, item.secret.length);
    const f = (byFormat[item.formatId] ??= { injected: 0, found: 0 });
    f.injected++;
    if (hit) {
      f.found++;
      found++;
    }
    for (const d of item.decoys) {
      if (overlaps(ranges, d.at, d.length)) {
        decoysReported++;
        decoyKinds[`${d.name}: ${d.value.replace(/[A-Za-z0-9]{12,}/g, (m) => m.slice(0, 4) + '…')}`] = (decoyKinds[`${d.name}: ${d.value.replace(/[A-Za-z0-9]{12,}/g, (m) => m.slice(0, 4) + '…')}`] ?? 0) + 1;
      }
    }
  }
  const recallPerFormat = Object.fromEntries(Object.entries(byFormat).sort().map(([id, f]) => [id, `${f.found}/${f.injected}`]));
  return { injected: set.length, found, recall: round((100 * found) / set.length, 1), recallPerFormat, decoys: set.reduce((n, s) => n + s.decoys.length, 0), decoysReported, decoysReportedByKind: decoyKinds };
}

function byPlace(set, rangesOf) {
  const out = {};
  set.forEach((item, i) => {
    const p = (out[item.place] ??= { injected: 0, found: 0 });
    p.injected++;
    if (overlaps(rangesOf[i], item.secret.at, item.secret.length)) p.found++;
  });
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, `${v.found}/${v.injected}`]));
}

/** The whole benchmark: labelled set, both detectors, recall, decoys and throughput. */
export async function benchSecrets(core, files, { passes = 3 } = {}) {
  const platformOf = (p) => p.split('/')[0];
  const set = buildLabelledSet(files, platformOf);
  const mib = set.reduce((n, s) => n + Buffer.byteLength(s.text), 0) / MiB;
  const secretRulesOnly = Object.fromEntries(core.RULES.filter((r) => !r.id.startsWith('secret/')).map((r) => [r.id, 'off']));
  const ours = set.map((item) => ourRanges(core, item, secretRulesOnly));
  if (process.env.BENCH_SECRETS_MISSES) {
    set.forEach((item, i) => {
      if (!overlaps(ours[i], item.secret.at, item.secret.length)) console.error(`missed ${item.formatId} in ${item.place} of ${item.path} (${item.secret.length} chars)`);
    });
  }
  const time = async (fn) => {
    await fn();
    const seconds = [];
    for (let i = 0; i < passes; i++) {
      const t0 = performance.now();
      await fn();
      seconds.push((performance.now() - t0) / 1000);
    }
    return seconds.sort((a, b) => a - b)[Math.floor(passes / 2)];
  };
  const oursSeconds = await time(async () => { for (const item of set) ourRanges(core, item, secretRulesOnly); });
  const wholeReviewSeconds = await time(async () => { for (const item of set) ourRanges(core, item, undefined); });
  const report = {
    labelledFiles: set.length,
    MB: round(mib, 2),
    byPlatform: set.reduce((o, s) => ({ ...o, [s.platform]: (o[s.platform] ?? 0) + 1 }), {}),
    ours: { ...score(set, ours), recallPerPlace: byPlace(set, ours), MBperSec: round(mib / oursSeconds), note: 'read as the CLI does: parse, sniff, platform adapter and the secret rules', wholeReviewMBperSec: round(mib / wholeReviewSeconds) },
  };
  const secretlint = await loadSecretlint();
  if (!secretlint) {
    report.secretlint = 'not installed (npm i -D secretlint@12.0.0 @secretlint/secretlint-rule-preset-recommend@12.0.0)';
    return report;
  }
  const theirs = [];
  for (const item of set) theirs.push(await secretlint.ranges(item));
  const theirSeconds = await time(async () => { for (const item of set) await secretlint.ranges(item); });
  report.secretlint = { version: secretlint.version, preset: 'recommend', ...score(set, theirs), recallPerPlace: byPlace(set, theirs), MBperSec: round(mib / theirSeconds) };
  report.throughputOverSecretlint = round(theirSeconds / oursSeconds, 2);
  report.targets = {
    recall: { target: '>= 98%', measured: report.ours.recall, pass: report.ours.recall >= 98 },
    decoys: { target: '0 reported', measured: report.ours.decoysReported, pass: report.ours.decoysReported === 0 },
    throughput: { target: '>= 5x secretlint', measured: report.throughputOverSecretlint, pass: report.throughputOverSecretlint >= 5 },
  };
  return report;
}

async function main() {
  const args = process.argv.slice(2);
  const corpusAt = args.indexOf('--corpus');
  const corpusDir = corpusAt >= 0 ? path.resolve(args[corpusAt + 1]) : path.resolve(ROOT, '../shared/corpus');
  const core = await loadCore();
  const report = await benchSecrets(core, readCorpus(corpusDir), { passes: args.includes('--quick') ? 1 : 3 });
  console.log(JSON.stringify(report, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
