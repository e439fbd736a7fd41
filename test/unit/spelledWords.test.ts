import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { spelledWordMatcher } from '../../server/src/core/spelledWords.js';

const WORDS = ['mail', 'phone', 'tel\\b', 'pan\\b', 'ccnum', 'straß', 'post', 'sort'];
const matches = spelledWordMatcher(WORDS);
/** The definition the matcher must cover: the words as a case-insensitive regex, on the text or on it as names are compared. */
const REGEX = new RegExp(WORDS.join('|'), 'i');
const definition = (text: string) => REGEX.test(text) || REGEX.test(text.replace(/[-_ \\]/g, '').toLowerCase());

describe('spelledWordMatcher', () => {
  it('finds the words in any case and spelled apart, and nothing else', () => {
    for (const text of ['email', 'E-Mail', 'Phone Number', 'cc_number', 'CC Number', 'x.tel', 'tel_', '$json.pan)', 'STRAẞE', 'straße', 'ma\\il', 'po st']) {
      assert.ok(matches(text), text);
    }
    for (const text of ['', 'orderTotal', 'pancake', 'hotel1', 'telemetry', 'm.a.i.l', 'ma1l', 'STRASSE']) {
      assert.equal(matches(text), false, text);
    }
  });

  it('finds whatever the regex finds on the text or on it as names are compared (overlapping words, failure links)', () => {
    const alphabet = fc.constantFrom(...'mailphonetlcnurstpßẞMAIPHONE_- \\.x1"'.split(''));
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join('')), (text) => !definition(text) || matches(text)), { seed: 20261129, numRuns: 20000 });
  });

  it('finds words inside and across one another (its failure links), like a regex of them', () => {
    const words = ['he', 'she', 'his', 'hers', 'sort', 'post', 'os', 'ort'];
    const matcher = spelledWordMatcher(words);
    const regex = new RegExp(words.join('|'));
    assert.ok(matcher('ushers') && matcher('posort') && matcher('xhi_s'));
    const text = fc.array(fc.constantFrom(...'hersiuopt'.split('')), { maxLength: 12 }).map((cs) => cs.join(''));
    fc.assert(fc.property(text, (t) => matcher(t) === regex.test(t)), { seed: 20261129, numRuns: 20000 });
  });

  it('refuses words it cannot spell', () => {
    assert.throws(() => spelledWordMatcher(['Mail']), /lower-case letters only/);
  });
});
