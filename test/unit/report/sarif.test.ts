import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import { analyze, RULES, toSarif, type ReviewedFile } from '../../../server/src/core/index.js';
import { httpNode, n8nWorkflow, TODAY } from '../../helpers/analyze.js';
import { corpusEntries, hasCorpus, readCorpus } from '../../helpers/corpus.js';

const SCHEMA = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/specs/sarif-schema-2.1.0.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);

function review(files: { path: string; text: string }[]) {
  const reviewed: ReviewedFile[] = files.map(({ path: p, text }) => {
    const r = analyze({ uri: p, path: p, text }, { today: TODAY });
    return { path: p, format: r.format, text, findings: r.findings, flow: r.flow };
  });
  return { files: reviewed, date: TODAY };
}

const KEY = 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k';

describe('SARIF', () => {
  const log = toSarif(review([
    { path: 'flows/a flow.n8n.json', text: n8nWorkflow([httpNode([{ name: 'Authorization', value: `token ${KEY}` }], { url: 'http://api.example.com' })]) },
    { path: 'flows/broken.n8n.json', text: '{"nodes": [{"type": "n8n-nodes-base.webhook"' },
  ]));

  it('validates against the official SARIF 2.1.0 schema', () => {
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  it("meets GitHub code scanning's requirements", () => {
    const run = log.runs[0];
    const rules = run.tool.driver.rules!;
    assert.equal(rules.length, RULES.length);
    for (const rule of rules) {
      assert.ok(rule.shortDescription?.text && rule.fullDescription?.text && rule.help?.text && rule.help?.markdown, rule.id);
      assert.match(rule.helpUri!, /^https:\/\/.*\/docs\/rules\/.*\.md$/);
      const props = rule.properties as { tags: string[]; 'security-severity': string; precision: string };
      assert.ok(props.tags.includes('security'), rule.id);
      assert.ok(Number(props['security-severity']) > 0 && Number(props['security-severity']) <= 10, rule.id);
      assert.match(props.precision, /^(very-high|high|medium|low)$/);
    }
    assert.match(run.automationDetails!.id!, /^surface-review\//);
    assert.ok(run.results!.length >= 3);
    for (const result of run.results!) {
      assert.equal(rules[result.ruleIndex!].id, result.ruleId);
      const location = result.locations![0].physicalLocation!;
      assert.ok(!location.artifactLocation!.uri!.startsWith('/') && !location.artifactLocation!.uri!.includes('://'), 'relative URI');
      const region = location.region!;
      assert.ok(region.startLine! >= 1 && region.startColumn! >= 1 && region.endLine! >= region.startLine! && region.endColumn! >= 1);
      assert.match(result.partialFingerprints!.primaryLocationLineHash, /^[0-9a-f]{16}$/);
    }
    assert.equal(run.results!.find((r) => r.ruleId === 'secret/hardcoded-credential')!.locations![0].physicalLocation!.artifactLocation!.uri, 'flows/a%20flow.n8n.json');
  });

  it('never carries a raw secret', () => {
    assert.ok(!JSON.stringify(log).includes(KEY));
  });

  it('validates on the whole corpus', { skip: !hasCorpus && 'no ../shared/corpus' }, () => {
    const entries = corpusEntries().filter((_, i) => i % 3 === 0);
    const corpusLog = toSarif(review(entries.map((e) => ({ path: e.path, text: readCorpus(e.path) }))));
    assert.ok(validate(corpusLog), JSON.stringify(validate.errors?.slice(0, 3), null, 2));
    assert.ok(corpusLog.runs[0].results!.length > 50);
  });
});
