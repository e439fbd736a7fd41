import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SECRET_FORMAT_EXAMPLES } from '../../../server/src/core/knowledge/secretFormatExamples.js';
import { SECRET_FORMATS } from '../../../server/src/core/knowledge/secretFormats.js';
import { findFormatSecrets } from '../../../server/src/core/secrets/detect.js';

describe('secret formats knowledge base', () => {
  it('has unique ids, a provider, keywords and examples on both sides', () => {
    const ids = SECRET_FORMATS.map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const f of SECRET_FORMATS) {
      assert.ok(f.provider && f.what && f.keywords.length, f.id);
      const examples = SECRET_FORMAT_EXAMPLES[f.id];
      assert.ok(examples?.truePositives.length && examples.falsePositives.length, f.id);
    }
    assert.deepEqual(Object.keys(SECRET_FORMAT_EXAMPLES).sort(), SECRET_FORMATS.map((f) => f.id).sort());
  });

  it('states a minimum length no longer than the shortest match (one built at exactly that length matches)', () => {
    const shortest: Record<string, string> = {
      'discord-bot-token': `M${'a'.repeat(23)}.${'b'.repeat(6)}.${'c'.repeat(27)}`,
      'airtable-token': `pat${'A'.repeat(14)}.${'f'.repeat(64)}`,
    };
    assert.deepEqual(SECRET_FORMATS.filter((f) => f.minLength !== undefined).map((f) => f.id).sort(), Object.keys(shortest).sort());
    for (const format of SECRET_FORMATS.filter((f) => f.minLength !== undefined)) {
      const token = shortest[format.id];
      assert.equal(token.length, format.minLength, format.id);
      assert.ok(format.pattern.test(token), `${format.id}: the shortest shape matches`);
      assert.ok(!format.pattern.test(token.slice(0, -1)), `${format.id}: one shorter does not`);
    }
  });

  for (const format of SECRET_FORMATS) {
    it(`${format.id}: finds its true positives and none of its false positives`, () => {
      for (const example of SECRET_FORMAT_EXAMPLES[format.id].truePositives) {
        assert.ok(format.pattern.test(example), `pattern misses ${format.id} example`);
        assert.ok(format.minLength === undefined || format.pattern.exec(example)![0].length >= format.minLength, `${format.id} example shorter than minLength`);
        assert.ok(format.keywords.some((k) => example.includes(k)), `no keyword in ${format.id} example`);
        const hits = findFormatSecrets(`prefix ${example} suffix`);
        assert.ok(hits.some((h) => h.formatId === format.id), `engine misses ${format.id} example`);
      }
      for (const example of SECRET_FORMAT_EXAMPLES[format.id].falsePositives) {
        const hits = findFormatSecrets(example).filter((h) => h.formatId === format.id);
        assert.deepEqual(hits.map((h) => h.formatId), [], `${format.id} false positive reported`);
      }
    });
  }
});
