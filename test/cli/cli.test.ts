// The CLI as a user runs it: the built dist/cli.js in a child process (npm test builds first).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('surface-review check', () => {
  it('finds the hard-coded key in examples/ and exits 1, with the JSON shape of DESIGN §8', () => {
    const r = cli(['check', 'examples', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.tool, 'surface-review');
    assert.equal(typeof report.version, 'string');
    assert.deepEqual(report.files.map((f: { file: string; format: string }) => [f.file, f.format]), [
      ['examples/.surface-review.yaml', 'policy'],
      ['examples/flows/invoice-sync.n8n.json', 'n8n'],
      ['examples/flows/lead-intake.n8n.json', 'n8n'],
      ['examples/surfaces.yaml', 'surface-inventory'],
    ]);
    assert.equal(report.files[2].nodes, 4);
    const secret = report.findings.find((f: { ruleId: string }) => f.ruleId === 'secret/hardcoded-credential');
    assert.deepEqual(Object.keys(secret).sort(), ['evidence', 'file', 'fingerprint', 'message', 'range', 'ruleId', 'severity']);
    assert.equal(secret.file, 'examples/flows/lead-intake.n8n.json');
    assert.equal(secret.severity, 'error');
    assert.equal(secret.evidence, 'sk-p…');
    const text = readFileSync(path.join(ROOT, secret.file), 'utf8').split('\n');
    const line = text.findIndex((l) => l.includes('Bearer sk-proj-'));
    assert.deepEqual(secret.range.start, { line, character: text[line].indexOf('sk-proj-') });
    assert.ok(!r.stdout.includes('sk-proj-Q7mX'), 'raw secret printed');
    assert.equal(report.summary.bySeverity.error, report.findings.filter((f: { severity: string }) => f.severity === 'error').length);
    assert.ok(Array.isArray(report.surfaces));
  });

  it('prints compiler-style text lines by default', () => {
    const r = cli(['check', 'examples']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^examples\/flows\/lead-intake\.n8n\.json:\d+:\d+: error Hard-coded OpenAI API key .* \[secret\/hardcoded-credential\]$/m);
    assert.match(r.stdout, /4 file\(s\) reviewed: 2 error\(s\)/); // the key, and the inventory's high-risk webhook without an owner
  });

  it('exits 0 when nothing reaches --fail-on', () => {
    assert.equal(cli(['check', 'examples', '--fail-on', 'never']).code, 0);
    assert.equal(cli(['check', 'examples/flows/invoice-sync.n8n.json']).code, 0);
  });

  it('reports a flow checked on its own that names no owner once (ownership/missing-owner), and not when its inventory documents it', () => {
    const alone = JSON.parse(cli(['check', 'examples/flows/lead-intake.n8n.json', '--format', 'json']).stdout);
    const owners = alone.findings.filter((f: { ruleId: string }) => f.ruleId === 'ownership/missing-owner');
    assert.deepEqual(owners.map((f: { file: string; severity: string; range: { start: { line: number } } }) => [f.file, f.severity, f.range.start.line]), [['examples/flows/lead-intake.n8n.json', 'warning', 1]]);
    assert.match(owners[0].message, /^Flow "Lead intake" has no accountable owner: .* Its webhook "New lead webhook" takes calls from outside/);
    const all = JSON.parse(cli(['check', 'examples', '--format', 'json']).stdout);
    assert.deepEqual(all.findings.filter((f: { ruleId: string; file: string }) => f.ruleId === 'ownership/missing-owner').map((f: { file: string }) => f.file), ['examples/surfaces.yaml'], 'the inventory documents both flows: only its entry without an owner is reported');
  });

  it('reports a malformed file as a parse finding, without a stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sr-cli-'));
    writeFileSync(path.join(dir, 'broken.json'), '{"name": "x", "nodes": [{"type": "n8n-nodes-base.webhook", "name": "W"');
    writeFileSync(path.join(dir, 'latin1.json'), Buffer.concat([Buffer.from('{"nodes": [{"name": "Caf'), Buffer.from([0xe9]), Buffer.from('", "type": "n8n-nodes-base.set"}], "connections": {}}')]));
    writeFileSync(path.join(dir, 'package.json'), '{"name": "not-ours"}');
    const r = cli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.files.map((f: { format: string }) => f.format), ['n8n', 'n8n', 'unknown']);
    const parse = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'parse/syntax-error');
    assert.equal(parse.length, 2);
    assert.match(parse[0].message, /not closed/);
    assert.match(parse[1].message, /not valid UTF-8/);
    assert.doesNotMatch(r.stdout + r.stderr, /at .*\.js:\d+/);
  });

  it('exits 2 on bad usage and on unreadable input, saying why', () => {
    const bad = cli(['check', '--format', 'yaml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be one of text, json, sarif, csv/);
    const missing = cli(['check', 'no/such/dir']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read no\/such\/dir: no such file or directory/);
    assert.equal(cli(['lint']).code, 2);
    assert.equal(cli(['--help']).code, 0);
  });

  it('prints SARIF and CSV', () => {
    const sarif = JSON.parse(cli(['check', 'examples', '--format', 'sarif']).stdout);
    assert.equal(sarif.version, '2.1.0');
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'secret/hardcoded-credential');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'examples/flows/lead-intake.n8n.json');
    const csv = cli(['check', 'examples', '--format', 'csv']).stdout.split('\r\n');
    assert.equal(csv[0], 'file,line,column,severity,rule,message,evidence,fingerprint');
    assert.ok(csv.some((row) => row.startsWith('examples/flows/lead-intake.n8n.json,36,32,error,secret/hardcoded-credential,')));
  });

  it('writes to --output', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'sr-out-')), 'r.json');
    const r = cli(['check', 'examples', '--format', 'json', '--output', out]);
    assert.equal(r.stdout, '');
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).tool, 'surface-review');
  });
});
