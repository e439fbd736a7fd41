// `npm start` (after `npm run build`): try the extension in a real VS Code workbench in the browser.
// Starts code-server on 127.0.0.1 with the built extension installed and examples/ open, prints the URL,
// and stops code-server (its whole process group) on Ctrl-C or SIGTERM. Everything it writes stays
// under .vscode-test/start/. Env: PORT (default: a free port), CODE_SERVER_VERSION (default 4.100.3).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = process.env.CODE_SERVER_VERSION || '4.100.3';
const codeServerDir = path.join(root, '.vscode-test', `code-server-${version}`);
const codeServer = path.join(codeServerDir, 'node_modules', '.bin', 'code-server');
const startDir = path.join(root, '.vscode-test', 'start');
const userDataDir = path.join(startDir, 'user-data');
const extensionsDir = path.join(startDir, 'extensions');
const configFile = path.join(startDir, 'config.yaml');
const xdg = path.join(startDir, 'xdg');
const folder = path.join(root, 'examples');
/** What the VSIX ships (see .vscodeignore): the extension is installed as a user would get it. */
const SHIPPED = ['package.json', 'dist', 'docs', 'schemas', 'syntaxes', 'README.md', 'LICENSE', 'CHANGELOG.md'];

function installCodeServer() {
  if (fs.existsSync(codeServer)) return;
  console.log(`Installing code-server ${version} into ${path.relative(root, codeServerDir)} (once)…`);
  const r = spawnSync('bash', [path.join(root, 'scripts', 'install-code-server.sh'), codeServerDir], {
    stdio: 'inherit',
    env: { ...process.env, CODE_SERVER_VERSION: version },
  });
  if (r.status !== 0) throw new Error('code-server install failed (see above; scripts/install-code-server.sh lists the apt packages it needs)');
}

/** Copies the built extension into the extensions dir as `<publisher>.<name>-<version>`, replacing older copies. */
function installExtension() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!fs.existsSync(path.join(root, manifest.main))) throw new Error(`${manifest.main} is missing: run \`npm run build\` first`);
  const id = `${manifest.publisher}.${manifest.name}`;
  fs.mkdirSync(extensionsDir, { recursive: true });
  for (const entry of fs.readdirSync(extensionsDir)) {
    if (entry.startsWith(`${id}-`)) fs.rmSync(path.join(extensionsDir, entry), { recursive: true, force: true });
  }
  const target = path.join(extensionsDir, `${id}-${manifest.version}`);
  for (const item of SHIPPED) {
    const from = path.join(root, item);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(target, item), { recursive: true });
  }
  return `${id}@${manifest.version}`;
}

function writeSettings() {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.writeFileSync(settingsFile, JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'workbench.enableExperiments': false,
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'git.openRepositoryInParentFolders': 'never', // examples/ sits inside this repository
    }, null, 2));
  }
  fs.writeFileSync(configFile, 'cert: false\n'); // without --config, code-server writes ~/.config/code-server/config.yaml
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => { req.destroy(); resolve(0); });
  });
}

async function main() {
  installCodeServer();
  const installed = installExtension();
  writeSettings();
  const port = process.env.PORT ? Number(process.env.PORT) : await freePort();
  const base = `http://127.0.0.1:${port}`;
  const url = `${base}/?folder=${encodeURIComponent(folder)}`;
  const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
    '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(xdg, 'config'), XDG_DATA_HOME: path.join(xdg, 'data'), XDG_CACHE_HOME: path.join(xdg, 'cache') };
  // Its own process group, so stopping it also stops the extension host and the language server.
  const server = spawn(codeServer, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log = fs.createWriteStream(path.join(startDir, 'code-server.log'), { flags: 'a' });
  server.stdout.pipe(log);
  server.stderr.pipe(log);

  let stopping = false;
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  const killGroup = (signal) => { try { process.kill(-server.pid, signal); } catch { /* already gone */ } };
  const stop = async (reason) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping code-server…`);
    killGroup('SIGTERM');
    const force = setTimeout(() => killGroup('SIGKILL'), 5000);
    await exited;
    clearTimeout(force);
    killGroup('SIGKILL'); // anything left in the group (extension host, language server)
    console.log('code-server stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  void exited.then((code) => {
    if (stopping) return;
    killGroup('SIGKILL');
    console.error(`code-server exited (${code}); see ${path.relative(root, path.join(startDir, 'code-server.log'))}`);
    process.exit(code || 1);
  });

  const deadline = Date.now() + 120000;
  while ((await httpStatus(`${base}/healthz`)) !== 200) {
    if (stopping || server.exitCode !== null) return;
    if (Date.now() > deadline) {
      await stop('code-server did not answer within 120 s');
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`No-Code Surface Review (${installed}) in code-server ${version}, with examples/ open:`);
  console.log(`\n  ${url}\n`);
  console.log('Open it in a browser. Ctrl-C stops code-server.');
}

main().catch((e) => {
  console.error(`npm start: ${e.message}`);
  process.exit(1);
});
