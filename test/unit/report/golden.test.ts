// Golden files: each report format rendered on examples/ with a fixed date. UPDATE_GOLDEN=1 rewrites them
// (then read the diff: it is the change users will see).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, policyFromText, toCsv, toHtml, toJsonReport, toMarkdown, toSarif, type Review, type ReviewedFile } from '../../../server/src/core/index.js';
import { TODAY } from '../../helpers/analyze.js';

const ROOT = path.resolve(__dirname, '../../..');
const GOLDEN = path.join(ROOT, 'test/fixtures/report');

function files(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(json|ya?ml)$/.test(name) ? [full] : [];
  });
}

function exampleReview(): Review {
  const policy = policyFromText(readFileSync(path.join(ROOT, 'examples/.surface-review.yaml'), 'utf8'));
  const reviewed: ReviewedFile[] = files(path.join(ROOT, 'examples')).map((file) => {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const text = readFileSync(file, 'utf8');
    const r = analyze({ uri: rel, path: rel, text }, { today: TODAY, policy });
    return { path: rel, format: r.format, text, findings: r.findings, flow: r.flow, document: r.document };
  });
  return { files: reviewed, date: TODAY, policy, scope: 'examples' };
}

const RENDER: Record<string, (r: Review) => string> = {
  'examples.md': toMarkdown,
  'examples.html': toHtml,
  'examples.sarif': (r) => JSON.stringify(toSarif(r), null, 2) + '\n',
  'examples.json': (r) => JSON.stringify(toJsonReport(r), null, 2) + '\n',
  'examples.csv': toCsv,
};

describe('report golden files on examples/', () => {
  const review = exampleReview();
  for (const [name, render] of Object.entries(RENDER)) {
    it(name, () => {
      const got = render(review);
      const file = path.join(GOLDEN, name);
      if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, got);
      assert.equal(got, readFileSync(file, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDEN=1 to accept)`);
    });
  }

  it('the Markdown report has every section of DESIGN §9', () => {
    const md = toMarkdown(review);
    for (const heading of ['## Summary', '## Review checklist', '## Inventory', '## Scorecard', '## Threat model', '```mermaid', '## Findings', '## Suppressions']) assert.ok(md.includes(heading), heading);
    assert.match(md, /due 2026-06-22/); // an error finding: the review date plus the policy's SLA days
  });

  it('the HTML report is self-contained: no script, no external resource', () => {
    const html = toHtml(review);
    assert.doesNotMatch(html, /<script|<link |src="http|url\(http|@import/i);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html, /@media print/);
  });
});
