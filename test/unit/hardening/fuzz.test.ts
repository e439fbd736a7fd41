// The short, deterministic fuzz run (the long one is `npm run fuzz`).
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { checkDocument, documents } from '../../fuzz/properties.js';

describe('fuzzing the core', () => {
  it('never throws, stays bounded, keeps ranges inside and fixes valid on 300 hostile documents', () => {
    fc.assert(fc.property(documents(), (doc) => checkDocument(doc, 5000)), { seed: 20261129, numRuns: 300 });
  });
});
