// The threat model on real exports from ../shared/corpus (read in place): a Logic Apps template explained threat by
// threat, and every flow of the corpus modelled without an exception, with consistent boundaries and threats.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import { assembleThreatModel, buildThreatModel, threatModelPart, ThreatModelCache, threatsFor, type ThreatModelFile } from '../../../server/src/core/threatModel/index.js';
import { TODAY } from '../../helpers/analyze.js';
import { corpusEntries, hasCorpus, readCorpus } from '../../helpers/corpus.js';
import { states, threat } from '../../helpers/threatModel.js';

const corpus = { skip: !hasCorpus && 'no ../shared/corpus' };
const fileOf = (path: string): ThreatModelFile => {
  const uri = `file:///corpus/${path}`;
  const result = analyze({ uri, path, text: readCorpus(path) }, { today: TODAY });
  return { uri, path, format: result.format, findings: result.findings, flow: result.flow, document: result.document };
};

describe('threat model on the corpus', () => {
  it('explains a Logic Apps template: a Service Bus trigger, two Service Bus actions and a plain-HTTP call', corpus, () => {
    const model = buildThreatModel([fileOf('logicapps/Azure__logicapps/templates/service-bus-peek-lock-dead-letter.json')]);
    assert.deepEqual(model.boundaries.map((b) => [b.id, b.inferred, b.surfaceIds.length]), [['logic-apps->saas', true, 3], ['saas->logic-apps', true, 1]]);
    const trigger = model.surfaces.find((s) => s.kind === 'event-stream')!;
    assert.equal(trigger.direction, 'inbound');
    assert.equal(threat(trigger, 'S').state, 'mitigated', threat(trigger, 'S').rationale);
    assert.match(threat(trigger, 'S').rationale, /events arrive over the Azure Service Bus connection/);
    const http = model.surfaces.find((s) => s.name === 'HTTP')!;
    assert.deepEqual(threat(http, 'T').findings.map((f) => f.ruleId), ['transport/insecure-http']);
    // The Scope's run-after-Failed path is the error handling of every outbound call.
    assert.equal(threat(http, 'D').state, 'mitigated');
    assert.match(threat(http, 'D').rationale, /error path from "Scope" \(Failed\)/);
    assert.match(threat(http, 'R').rationale, /Logic Apps keeps the run history/);
    const complete = model.surfaces.find((s) => s.name === 'Complete_the_message_in_a_queue')!;
    assert.equal(states(complete), 'S:open T:mitigated R:open I:open D:mitigated E:open');
  });

  it('models every flow of the corpus without an exception; incremental and full builds agree', corpus, () => {
    const files = corpusEntries().filter((e) => !e.malformed).map((e) => fileOf(e.path)).filter((f) => f.format !== 'unknown');
    const model = buildThreatModel(files);
    assert.ok(model.surfaces.length > 1000, `${model.surfaces.length} surfaces`);
    const zones = new Set(model.zones.map((z) => z.id));
    const ids = new Set<string>();
    for (const s of model.surfaces) {
      assert.ok(!ids.has(s.id), `unique id ${s.id}`);
      ids.add(s.id);
      const [from, to] = s.boundaryId.split('->');
      assert.ok(zones.has(from) && zones.has(to), s.boundaryId);
      assert.deepEqual(s.threats.map((t) => t.stride), threatsFor(s.element).map((t) => t.stride), s.id);
      assert.ok(s.score >= 0 && s.score <= 100);
      for (const t of s.threats) assert.equal(t.state === 'mitigated', t.findings.length === 0 && t.missing.length === 0, t.id);
    }
    assert.equal(model.boundaries.reduce((n, b) => n + b.surfaceIds.length, 0), model.surfaces.length);
    const cache = new ThreatModelCache();
    const parts = files.map(threatModelPart);
    assembleThreatModel(parts, cache);
    parts[0] = threatModelPart(files[0]);
    assert.deepEqual(assembleThreatModel(parts, cache).summary, model.summary);
  });
});
