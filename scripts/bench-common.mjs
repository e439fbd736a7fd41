// Shared by the benchmarks (bench.mjs, bench-secrets.mjs): the core bundled from source, the corpus as the CLI reads
// it, and a seeded PRNG. Its own module, so neither benchmark imports the other: bench.mjs awaits its main() at the
// top level, and a benchmark that imported it back would wait on that forever (Node exits 13, printing nothing).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDecoder } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles the core (and jsonc-parser's parseTree, the reference it must beat) and imports the bundle. */
export async function loadCore() {
  const outfile = path.join(ROOT, 'out/bench/core.mjs');
  await esbuild.build({
    stdin: {
      contents: "export * from './server/src/core/index.ts';\nexport { parseTree } from 'jsonc-parser';\n",
      resolveDir: ROOT,
      sourcefile: 'bench-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

/** Reads the corpus the way the CLI does (UTF-8, replacement characters noted). */
export function readCorpus(dir) {
  const lines = readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const column = lines[0].split('\t').indexOf('path');
  return lines.slice(1).map((line) => {
    const relative = line.split('\t')[column];
    const bytes = readFileSync(path.join(dir, relative));
    const text = new TextDecoder('utf-8').decode(bytes);
    const bad = text.indexOf('\ufffd');
    return { path: relative, bytes: bytes.length, text, invalidEncodingAt: bad === -1 ? undefined : bad };
  });
}

/**
 * The whole review of `files` as the CLI does it: each file's own rules, then the cross-file rules over all of them.
 * `rules` are severity overrides by rule id (`off` turns one off). Returns the number of findings.
 */
export function reviewCorpus(core, files, today, rules) {
  let findings = 0;
  const indexed = [];
  for (const f of files) {
    const uri = `file:///corpus/${f.path}`;
    const result = core.analyze({ uri, path: f.path, text: f.text, invalidEncodingAt: f.invalidEncodingAt }, { today, rules });
    findings += result.findings.length;
    if (result.format !== 'unknown') indexed.push({ uri, root: '', path: f.path, format: result.format, document: result.document, flow: result.flow, suppressionsUsed: result.suppressionsUsed });
  }
  for (const more of core.analyzeWorkspace(indexed, { today, rules }).values()) findings += more.length;
  return findings;
}

/** `n` rounded to `digits` decimals, as the benchmarks print figures. */
export const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A small seeded PRNG (mulberry32), so generated flows are the same on every run. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
