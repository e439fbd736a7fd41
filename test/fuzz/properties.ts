// Fuzz properties over the core, shared by the short deterministic run in `npm test` and the long `npm run fuzz`.
import * as fc from 'fast-check';
import { analyze, type AnalysisResult } from '../../server/src/core/index.js';
import { parseJson } from '../../server/src/core/parse/json.js';
import { parseYaml } from '../../server/src/core/parse/yaml.js';
import { corpusEntries, hasCorpus, readCorpus } from '../helpers/corpus.js';

const TODAY = new Date('2026-06-15T12:00:00Z');

/** Names that make the sniffer pick each kind of file. */
const NAMES = ['flow.json', 'team.surfaces.yaml', 'flows_cred.json', '.surface-review.yaml', 'workflow.json', 'x.yaml'];

function seeds(): string[] {
  const own = [
    JSON.stringify({ name: 'f', nodes: [{ name: 'W', type: 'n8n-nodes-base.webhook', parameters: { path: 'p' } }, { name: 'H', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'http://x.example', headerParameters: { parameters: [{ name: 'Authorization', value: 'Bearer ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k' }] }, options: { allowUnauthorizedCerts: true } } }], connections: { W: { main: [[{ node: 'H' }]] } } }, null, 2),
    'inventory: 1\nowner: a@b.c\nzones:\n  - id: internet\nsurfaces:\n  - id: s1\n    kind: webhook\n    risk: high\n    auth:\n      scopes: [Directory.ReadWrite.All]\n      secretRef: vault://x\n',
  ];
  if (!hasCorpus) return own;
  const small = corpusEntries().filter((_, i) => i % 40 === 0).map((e) => readCorpus(e.path)).filter((t) => t.length < 60_000);
  return [...own, ...small];
}

const mutation = (text: string) =>
  fc.oneof(
    fc.nat({ max: text.length }).map((n) => text.slice(0, n)), // truncation
    fc.tuple(fc.nat({ max: text.length }), fc.string({ unit: 'binary', maxLength: 20 })).map(([n, s]) => text.slice(0, n) + s + text.slice(n)), // insertion
    fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 50 })).map(([n, k]) => text.slice(0, n) + text.slice(n + k)), // deletion
    fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length })).map(([a, b]) => text.slice(0, Math.min(a, b)) + text.slice(Math.min(a, b), Math.max(a, b)).repeat(2) + text.slice(Math.max(a, b))), // duplication
  );

/** Documents to throw at the core: mutated real files, random JSON, random text, hostile shapes. */
export function documents(): fc.Arbitrary<{ name: string; text: string }> {
  const base = seeds();
  const text = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...base).chain((t) => mutation(t)) },
    { weight: 2, arbitrary: fc.json({ maxDepth: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    { weight: 1, arbitrary: fc.nat({ max: 3000 }).map((d) => '{"nodes": [' + '['.repeat(d) + ']'.repeat(d) + '], "connections": {}, "t": "n8n-nodes-base.set"}') },
    { weight: 1, arbitrary: fc.nat({ max: 3000 }).map((d) => 'inventory: 1\nx: ' + '['.repeat(d) + ']'.repeat(d)) },
    { weight: 1, arbitrary: fc.nat({ max: 12 }).map((n) => 'inventory: 1\n' + Array.from({ length: n }, (_, i) => `l${i}: &l${i} [${Array(9).fill(i ? `*l${i - 1}` : '"x"').join(',')}]`).join('\n')) },
    { weight: 1, arbitrary: fc.nat({ max: 2000 }).map((n) => 'inventory: 1\n' + '---\na: 1\n'.repeat(n)) },
    { weight: 1, arbitrary: fc.nat({ max: 50_000 }).map((n) => `inventory: 1\n${'k'.repeat(n)}: v\n`) },
    { weight: 1, arbitrary: fc.nat({ max: 200_000 }).map((n) => JSON.stringify({ nodes: [{ type: 'n8n-nodes-base.code', name: 'C', parameters: { jsCode: 'const token = "' + 'a1B2'.repeat(n / 4) + '";' } }], connections: {} })) },
  );
  return fc.record({ name: fc.constantFrom(...NAMES), text });
}

/** Applies a fix's edits (end to start) to `text`. */
export function applyEdits(text: string, edits: readonly { start: number; end: number; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

const parses = (result: AnalysisResult, text: string) => {
  const doc = result.document?.language === 'yaml' ? parseYaml(text) : parseJson(text);
  return !doc.problems.some((p) => p.severity === 'error');
};

/** The property: no exception, bounded time, ranges inside the document, fixes keep a parsing document parsing. */
export function checkDocument({ name, text }: { name: string; text: string }, maxMs: number): void {
  const started = performance.now();
  const result = analyze({ uri: name, path: name, text }, { today: TODAY });
  const elapsed = performance.now() - started;
  if (elapsed > maxMs) throw new Error(`analysis took ${elapsed.toFixed(0)} ms for ${text.length} characters`);
  const parsedBefore = result.document ? parses(result, text) : false;
  for (const f of result.findings) {
    if (!(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length)) throw new Error(`${f.ruleId}: range ${f.range.start}-${f.range.end} outside 0-${text.length}`);
    for (const fix of f.fixes ?? []) {
      for (const e of fix.edits) if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) throw new Error(`${f.ruleId}: fix edit outside the document`);
      if (parsedBefore && !parses(result, applyEdits(text, fix.edits))) throw new Error(`${f.ruleId}: fix "${fix.title}" broke the document`);
    }
  }
}
