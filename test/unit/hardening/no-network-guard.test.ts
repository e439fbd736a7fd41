// The guard that proves "no network call" must itself catch calls, or its silence proves nothing.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const GUARD = path.resolve(__dirname, '../../helpers/no-network.cjs');

describe('no-network guard', () => {
  for (const [what, code] of [
    ['http', "require('http').get('http://127.0.0.1:9/')"],
    ['dns', "require('dns').lookup('example.org', () => {})"],
    ['socket', "require('net').connect(9, '127.0.0.1')"],
    ['fetch', "fetch('http://127.0.0.1:9/')"],
  ]) {
    it(`refuses and records ${what}`, () => {
      const log = path.join(mkdtempSync(path.join(tmpdir(), 'sr-net-')), 'net.log');
      const r = spawnSync(process.execPath, ['--require', GUARD, '-e', `try { ${code} } catch {}`], { env: { ...process.env, NO_NETWORK_LOG: log }, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(readFileSync(log, 'utf8'), /attempted/);
    });
  }
});
