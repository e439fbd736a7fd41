// Properties of the secret rules over generated flows of every platform (seeded, so `npm test` is deterministic):
// (a) a reference or placeholder in any position whose name says "secret" is never reported as a hard-coded
// credential; (b) a known-format secret is found wherever in a flow it is placed. A failure names the platform and
// the place and shows a secret only masked.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { analyze, mask, type Finding } from '../../../../server/src/core/index.js';
import { SECRET_FORMAT_EXAMPLES } from '../../../../server/src/core/knowledge/secretFormatExamples.js';
import { TODAY } from '../../../helpers/analyze.js';
import { embed, PLAIN_SLOTS, placeIn, PLATFORMS, SECRET_SLOTS, type PlacedDocument, type PlatformName, type Slot } from '../../../helpers/placements.js';

const RULE = 'secret/hardcoded-credential';
const SECRET_RULES = new Set([RULE, 'secret/exposed-webhook-url']);
/** Runs per kind of reference and per secret format: every kind and every format is tried on every `npm test`. */
const RUNS = { numRuns: 20 };
const SEED = 20260615;

const review = (doc: PlacedDocument): readonly Finding[] => analyze({ uri: `file:///ws/${doc.path}`, path: doc.path, text: doc.text }, { today: TODAY }).findings;

const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{1,30}$/);
const identifier = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,30}$/);

/** References and placeholders as each platform writes them (DESIGN §4), by kind: none is a secret. */
const REFERENCES: Readonly<Record<string, fc.Arbitrary<string>>> = {
  'n8n {{ $env.X }} expression': envName.map((n) => `={{ $env.${n} }}`),
  'n8n {{ $credentials.x }} expression': identifier.map((n) => `={{ $credentials.${n} }}`),
  '{{ $credentials.x }} as text': identifier.map((n) => `{{ $credentials.${n} }}`),
  "@parameters('x')": identifier.map((n) => `@parameters('${n}')`),
  "@{body('x')}": identifier.map((n) => `@{body('${n}')}`),
  "@appsetting('X')": envName.map((n) => `@appsetting('${n}')`),
  "ARM [parameters('x')]": identifier.map((n) => `[parameters('${n}')]`),
  'Make {{1.x}}': fc.tuple(fc.integer({ min: 1, max: 99 }), identifier).map(([module, field]) => `{{${module}.${field}}}`),
  '${VAR}': envName.map((n) => `\${${n}}`),
  '$VAR': envName.map((n) => `$${n}`),
  'env.get("X")': envName.map((n) => `env.get("${n}")`),
  'YOUR_API_KEY and <token>': fc.constantFrom('YOUR_API_KEY', 'your-api-key', 'YOUR_TOKEN_HERE', '<token>', '<your-api-key>'),
  'xxxx and ****': fc.tuple(fc.constantFrom('x', 'X', '*'), fc.integer({ min: 4, max: 40 })).map(([c, n]) => c.repeat(n)),
  'a publishable key (pk_live_, pk_test_)': fc.tuple(fc.constantFrom('pk_live_', 'pk_test_'), fc.stringMatching(/^[A-Za-z0-9]{24,99}$/)).map(([p, s]) => p + s),
  'a UUID': fc.uuid(),
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Placement {
  readonly platform: PlatformName;
  readonly slot: Slot;
  readonly value: string;
}

/**
 * A reference in a secret-named position of any platform; in an Authorization header maybe after a scheme. Not a
 * UUID in a password field: whatever a password field holds is used as the password, so its literal is reported in
 * any shape (the "password field holding a literal, however weak" row of the rule's table); a UUID is an id only
 * under other names.
 */
function referencePlacement(reference: fc.Arbitrary<string>): fc.Arbitrary<Placement> {
  return fc
    .record({ platform: fc.constantFrom(...PLATFORMS), slot: fc.constantFrom(...SECRET_SLOTS), reference, scheme: fc.constantFrom('', 'Bearer ', 'Basic ', 'Token ') })
    .filter(({ slot, reference: r }) => !(slot === 'password' && UUID.test(r)))
    .map(({ platform, slot, reference: r, scheme }) => ({ platform, slot, value: slot === 'authorization' ? embed(scheme, r) : r }));
}

/** A known-format secret anywhere: any position of any platform, alone or with text around it. */
function secretPlacement(examples: readonly string[]) {
  return fc.record({
    platform: fc.constantFrom(...PLATFORMS),
    slot: fc.constantFrom<Slot>(...SECRET_SLOTS, ...PLAIN_SLOTS),
    example: fc.constantFrom(...examples),
    before: fc.constantFrom('', 'Bearer ', 'key: ', 'Use this one: '),
    after: fc.constantFrom('', ' ', '\n', ' (production)'),
  });
}

/** Where `value` was written in `text`: as a JSON string, or as JSON text inside a JSON string (a request body). */
function locate(text: string, value: string): { start: number; end: number } | undefined {
  for (const needle of [JSON.stringify(value).slice(1, -1), JSON.stringify(JSON.stringify(value).slice(1, -1)).slice(1, -1)]) {
    const at = text.indexOf(needle);
    if (at !== -1) return { start: at, end: at + needle.length };
  }
  return undefined;
}

/** Runs a property; on failure, the message is built here from what `describe` shows (masked), not by fast-check. */
function check<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => string | undefined, seed: number, describe: (value: T) => string): void {
  const problems = new Map<T, string>();
  const details = fc.check(fc.property(arbitrary, (value) => {
    const problem = predicate(value);
    if (problem !== undefined) problems.set(value, problem);
    return problem === undefined;
  }), { ...RUNS, seed });
  if (details.failed) {
    const [value] = details.counterexample!;
    assert.fail(`${describe(value)}: ${problems.get(value) ?? 'failed'} (seed ${seed}, after ${details.numRuns} runs)`);
  }
}

describe(`${RULE}: properties over generated flows`, () => {
  // A seed per kind and per format: with one seed, every kind would be tried in the same few platforms and positions.
  Object.entries(REFERENCES).forEach(([kind, reference], i) => {
    it(`(a) never reports ${kind} in a secret-named position, on any platform`, () => {
      check(referencePlacement(reference), ({ platform, slot, value }) => {
        const reported = review(placeIn(platform, slot, value)).filter((f) => f.ruleId === RULE);
        // The finding's own message shows the value masked only.
        return reported.length ? `reported: ${reported.map((f) => f.message).join(' | ')}` : undefined;
      }, SEED + i, ({ platform, slot, value }) => `${platform}, ${slot}: ${JSON.stringify(value)}`);
    });
  });

  Object.entries(SECRET_FORMAT_EXAMPLES).forEach(([formatId, { truePositives }], i) => {
    it(`(b) finds ${formatId} wherever it is placed in a flow, on any platform`, () => {
      check(secretPlacement(truePositives), ({ platform, slot, example, before, after }) => {
        const doc = placeIn(platform, slot, before + example + after);
        const at = locate(doc.text, example);
        if (!at) return 'the generator did not write the value';
        const found = review(doc).filter((f) => SECRET_RULES.has(f.ruleId) && f.range.start < at.end && at.start < f.range.end);
        return found.length ? undefined : 'not found';
      }, SEED + 100 + i, ({ platform, slot, example, before, after }) => `${platform}, ${slot}: ${JSON.stringify(before)} + example ${mask(example)} + ${JSON.stringify(after)}`);
    });
  });

  it('draws every platform and every position across the runs above', () => {
    // A generator that drew from an empty or lopsided list would let the properties pass without testing much.
    const references = Object.values(REFERENCES).flatMap((r, i) => fc.sample(referencePlacement(r), { ...RUNS, seed: SEED + i }));
    const secrets = Object.values(SECRET_FORMAT_EXAMPLES).flatMap((e, i) => fc.sample(secretPlacement(e.truePositives), { ...RUNS, seed: SEED + 100 + i }));
    for (const [sample, slots] of [[references, SECRET_SLOTS], [secrets, [...SECRET_SLOTS, ...PLAIN_SLOTS]]] as const) {
      assert.deepEqual(new Set(sample.map((s) => s.platform)), new Set(PLATFORMS));
      assert.deepEqual(new Set(sample.map((s) => s.slot)), new Set(slots));
    }
  });
});
