// Every quick fix the review offers on a real export (../shared/corpus, read in place), applied as the editor applies it:
// the document stays valid JSON of the same format, is reviewed again without an exception, and the finding it fixes is
// gone. Rules test their own fixes on hand-written flows; this runs them all on what people actually export.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, sniff } from '../../server/src/core/index.js';
import { TODAY } from '../helpers/analyze.js';
import { corpusEntries, hasCorpus, readCorpus } from '../helpers/corpus.js';
import { applyFix } from '../helpers/inventory.js';

const isJson = (text: string) => {
  try {
    JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return true;
  } catch {
    return false;
  }
};

describe('quick fixes on the corpus', { skip: !hasCorpus && 'no ../shared/corpus' }, () => {
  it('leave each document valid, of the same format, and without the finding they fix', () => {
    const problems: string[] = [];
    const rules = new Set<string>();
    let applied = 0;
    for (const entry of corpusEntries()) {
      const text = readCorpus(entry.path);
      const uri = `file:///corpus/${entry.path}`;
      const result = analyze({ uri, path: entry.path, text }, { today: TODAY });
      const valid = isJson(text);
      const format = sniff(text, entry.path).detail;
      for (const finding of result.findings) {
        for (const fix of finding.fixes ?? []) {
          const where = `${entry.path}: ${finding.ruleId} "${fix.title}"`;
          if (fix.edits.some((e) => e.uri !== uri)) {
            problems.push(`${where} edits another file`);
            continue;
          }
          const fixed = applyFix(text, fix);
          applied++;
          rules.add(finding.ruleId);
          if (valid && !isJson(fixed)) problems.push(`${where} leaves invalid JSON`);
          else if (sniff(fixed, entry.path).detail !== format) problems.push(`${where} changes the format to ${sniff(fixed, entry.path).detail}`);
          else {
            const again = analyze({ uri, path: entry.path, text: fixed }, { today: TODAY }).findings;
            if (again.some((f) => f.fingerprint === finding.fingerprint)) problems.push(`${where} leaves the finding`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
    // The corpus has fixes of these rules (535 fixes when written): a review that offered none would pass the loop above.
    assert.ok(applied >= 400, `only ${applied} fixes applied`);
    assert.deepEqual([...rules].sort(), ['ingress/unauthenticated-webhook', 'secret/hardcoded-credential', 'transport/insecure-http']);
  });
});
