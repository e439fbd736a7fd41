// `node scripts/screenshot-threat-model.mjs` (after `npm run build`): opens examples/ in code-server with the built
// extension, shows the Threat Model view in headless Chromium, expands a surface and a threat, and saves
// docs/images/threat-model.png (the README's screenshot). Checks the view really shows the model before saving.
// Env: OUT (default docs/images/threat-model.png), CHROMIUM (default /usr/bin/chromium), CODE_SERVER_VERSION.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = process.env.CODE_SERVER_VERSION || '4.100.3';
const codeServer = path.join(root, '.vscode-test', `code-server-${version}`, 'node_modules', '.bin', 'code-server');
const work = path.join(root, '.vscode-test', 'screenshot');
const out = path.resolve(root, process.env.OUT || 'docs/images/threat-model.png');
const folder = path.join(root, 'examples');
const SHIPPED = ['package.json', 'dist', 'docs', 'schemas', 'syntaxes', 'images', 'README.md', 'LICENSE', 'CHANGELOG.md'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise((resolve, reject) => {
  const server = net.createServer();
  server.on('error', reject);
  server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});
const httpStatus = (url) => new Promise((resolve) => {
  const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
  req.on('error', () => resolve(0));
  req.setTimeout(2000, () => { req.destroy(); resolve(0); });
});

function prepare() {
  if (!fs.existsSync(codeServer)) throw new Error(`code-server is not installed at ${codeServer}: run \`npm run test:e2e\` or \`npm start\` once`);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!fs.existsSync(path.join(root, manifest.main))) throw new Error(`${manifest.main} is missing: run \`npm run build\` first`);
  fs.rmSync(work, { recursive: true, force: true });
  const target = path.join(work, 'extensions', `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  for (const item of SHIPPED) if (fs.existsSync(path.join(root, item))) fs.cpSync(path.join(root, item), path.join(target, item), { recursive: true });
  fs.mkdirSync(path.join(work, 'user-data', 'User'), { recursive: true });
  fs.writeFileSync(path.join(work, 'user-data', 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'workbench.enableExperiments': false, 'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden', 'git.openRepositoryInParentFolders': 'never', 'window.commandCenter': false,
    'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'workbench.layoutControl.enabled': false,
  }, null, 2));
  fs.writeFileSync(path.join(work, 'config.yaml'), 'cert: false\n');
}

async function main() {
  prepare();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const xdg = path.join(work, 'xdg');
  const server = spawn(codeServer, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', '--config', path.join(work, 'config.yaml'),
    '--user-data-dir', path.join(work, 'user-data'), '--extensions-dir', path.join(work, 'extensions')],
  { env: { ...process.env, XDG_CONFIG_HOME: `${xdg}/config`, XDG_DATA_HOME: `${xdg}/data`, XDG_CACHE_HOME: `${xdg}/cache` }, stdio: 'ignore', detached: true });
  let context;
  try {
    for (let i = 0; (await httpStatus(`${base}/healthz`)) !== 200; i++) {
      if (i > 600 || server.exitCode !== null) throw new Error('code-server did not start');
      await sleep(200);
    }
    context = await chromium.launchPersistentContext(path.join(work, 'chromium'), {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 820 }, deviceScaleFactor: 1,
    });
    const page = context.pages()[0] || (await context.newPage());
    await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 120000 });
    await sleep(3000);
    await runCommand(page, 'Surface Review: Focus on Threat Model View');
    const tree = page.locator('.pane-body .monaco-list[aria-label*="Threat Model"], .pane-body .monaco-list').first();
    const row = (text) => page.locator('.monaco-list-row', { hasText: text }).first();
    // A click runs the item's command (opens the source); the twistie expands it.
    const expand = async (text, next) => {
      await row(text).waitFor({ timeout: 120000 });
      await row(text).click();
      await row(text).locator('.monaco-tl-twistie').click();
      await row(next).waitFor({ timeout: 30000 });
    };
    await widenSideBar(page, 640);
    await expand('Slack message to sales', 'Tampering: Tampering in transit');
    await expand('Lead intake webhook', 'Spoofing: Spoofed caller');
    await expand('Spoofing: Spoofed caller', 'ingress/unauthenticated-webhook');
    await row('Lead intake webhook').click(); // opens the inventory entry beside the tree
    await sleep(1500);
    await tree.hover({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await page.mouse.move(700, 810);
    await sleep(500);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    console.log(`saved ${path.relative(root, out)}`);
  } catch (e) {
    const page = context?.pages()[0];
    if (page) await page.screenshot({ path: path.join(work, 'failure.png') }).catch(() => undefined);
    throw new Error(`${e.message.split('\n')[0]} (see ${path.relative(root, path.join(work, 'failure.png'))})`);
  } finally {
    await context?.close().catch(() => undefined);
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
    await sleep(1000);
    try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

/** Drags the side bar's edge to `x` so descriptions (owner, counts) fit. */
async function widenSideBar(page, x) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const edge = box.x + box.width;
  await page.mouse.move(edge - 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, box.y + box.height / 2, { steps: 10 });
  await page.mouse.up();
  await sleep(300);
}

/** Runs a command through the command palette, as a user would. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 30000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^Surface Review: /, '') }).first().waitFor({ timeout: 30000 });
  await page.keyboard.press('Enter');
}

main().catch((e) => {
  console.error(`screenshot: ${e.message}`);
  process.exit(1);
});
