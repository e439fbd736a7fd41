// Every regex of the core must stay linear on hostile input: a static ReDoS check (recheck) and a timed run
// against 100 KB adversarial strings in a worker that is killed if a match hangs.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { checkSync } from 'recheck';
import { coreRegexes } from '../../helpers/regexes.js';

const REGEXES = coreRegexes();
const SIZE = 100_000;
/** A regex that needs longer than this on one 100 KB input is treated as super-linear. */
const LIMIT_MS = 250;

function adversarialInputs(): string[] {
  const unit = ['a', 'A', '0', ' ', '-', '_', '.', '/', ':', '=', '{', '$', '@', '"', "'", '\\', 'aA0', 'x-', '{{', '@{', 'ab.', 'ey', 'sk-', 'AKIA', '%A', 'http://', 'key=', 'Q~', 'pat', '\n'];
  return [
    ...unit.map((u) => u.repeat(Math.ceil(SIZE / u.length)).slice(0, SIZE)),
    ...unit.map((u) => u.repeat(Math.ceil(SIZE / u.length)).slice(0, SIZE - 1) + '!'),
    'https://' + 'a'.repeat(SIZE) + '@',
    'postgres://' + 'u'.repeat(SIZE / 2) + ':' + 'p'.repeat(SIZE / 2),
    'eyJ' + 'a'.repeat(SIZE / 2) + '.eyJ' + 'b'.repeat(SIZE / 2 - 10),
    'token = "' + 'x'.repeat(SIZE),
    'a: "' + 'a'.repeat(SIZE),
  ];
}

describe('regex safety', () => {
  it('finds the regexes of the core', () => {
    assert.ok(REGEXES.length > 60, `${REGEXES.length} regexes`);
  });

  it('has no regex that recheck finds vulnerable to super-linear backtracking', () => {
    const vulnerable: string[] = [];
    for (const r of REGEXES) {
      const result = checkSync(r.source, r.flags.replace(/[gy]/g, ''), { timeout: 2000 });
      if (result.status === 'vulnerable') vulnerable.push(`${r.file}:${r.line} /${r.source}/ (${result.complexity.type}, attack ${JSON.stringify(result.attack.pattern)})`);
    }
    assert.deepEqual(vulnerable, []);
  });

  it(`runs every regex on 100 KB adversarial strings in under ${LIMIT_MS} ms each`, async () => {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { regexes, inputs, limit } = workerData;
      const slow = [];
      for (const r of regexes) {
        const re = new RegExp(r.source, r.flags.replace(/[gy]/g, ''));
        for (const input of inputs) {
          const t = performance.now();
          re.exec(input);
          const ms = performance.now() - t;
          if (ms > limit) slow.push(r.file + ':' + r.line + ' ' + ms.toFixed(0) + ' ms on ' + JSON.stringify(input.slice(0, 12)) + '…');
        }
        parentPort.postMessage({ done: r.file + ':' + r.line });
      }
      parentPort.postMessage({ slow });
    `;
    const worker = new Worker(code, { eval: true, workerData: { regexes: REGEXES, inputs: adversarialInputs(), limit: LIMIT_MS } });
    let last = 'start';
    const slow = await new Promise<string[]>((resolve, reject) => {
      let timer = setTimeout(() => reject(new Error(`a regex hung after ${last}`)), 20_000);
      worker.on('message', (m: { done?: string; slow?: string[] }) => {
        if (m.done) {
          last = m.done;
          clearTimeout(timer);
          timer = setTimeout(() => { void worker.terminate(); reject(new Error(`a regex hung after ${last}`)); }, 20_000);
        }
        if (m.slow) {
          clearTimeout(timer);
          resolve(m.slow);
        }
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    assert.deepEqual(slow, []);
  });
});
