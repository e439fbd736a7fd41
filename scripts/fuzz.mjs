// `npm run fuzz`: the long fuzz run. FUZZ_MINUTES (default 30) bounds it; a failure prints the seed and the
// shrunk counterexample's size (never its text: corpus files can hold live secrets) and exits 1.
import { spawnSync } from 'node:child_process';

const minutes = Number(process.env.FUZZ_MINUTES ?? 30);
const driver = `
  const fc = require('fast-check');
  const { checkDocument, documents } = require('./test/fuzz/properties.ts');
  const end = Date.now() + ${minutes} * 60_000;
  let runs = 0, rounds = 0;
  while (Date.now() < end) {
    const seed = Date.now() ^ (rounds++ * 7919);
    const out = fc.check(fc.property(documents(), (doc) => { runs++; checkDocument(doc, 10000); }), { seed, numRuns: 500 });
    if (out.failed) {
      const doc = out.counterexample && out.counterexample[0];
      console.error('fuzz: FAILED with seed ' + seed + ' after ' + runs + ' documents: ' + (out.errorInstance && out.errorInstance.message) + ' (counterexample: ' + (doc ? doc.name + ', ' + doc.text.length + ' characters' : '?') + ')');
      process.exit(1);
    }
    console.log('fuzz: ' + runs + ' documents, no failure (' + Math.round((end - Date.now()) / 60000) + ' min left)');
  }
  console.log('fuzz: ' + runs + ' documents in ${minutes} min, 0 failed');
`;
const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', driver], { stdio: 'inherit' });
process.exit(r.status ?? 1);
