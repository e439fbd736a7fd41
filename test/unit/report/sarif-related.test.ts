// SARIF for a chained weakness: each hop becomes a related location with a relative URI and a full region, and the
// log still validates against the official schema.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import { analyze, toSarif, type ReviewedFile } from '../../../server/src/core/index.js';
import { TODAY } from '../../helpers/analyze.js';
import { n8nFlow } from '../../helpers/dataflow.js';

const SCHEMA = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/specs/sarif-schema-2.1.0.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);

const TEXT = n8nFlow([
  { name: 'Orders', type: 'webhook', parameters: { path: 'orders' } },
  { name: 'Pick fields', type: 'set', parameters: { assignments: { assignments: [{ name: 'host', value: '={{ $json.body.host }}' }] } } },
  { name: 'Run', type: 'executeCommand', parameters: { command: '=ping {{ $json.host }}' } },
], [['Orders', 'Pick fields'], ['Pick fields', 'Run']]);

describe('SARIF related locations of a chain', () => {
  const p = 'flows/chain flow.n8n.json';
  const r = analyze({ uri: `file:///ws/${p}`, path: p, text: TEXT }, { today: TODAY });
  const files: ReviewedFile[] = [{ path: p, format: r.format, text: TEXT, findings: r.findings, flow: r.flow }];
  const log = toSarif({ files, date: TODAY } as Parameters<typeof toSarif>[0]);

  it('validates against the official SARIF 2.1.0 schema', () => {
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  it('gives each hop a relative URI and a region on its text', () => {
    const result = log.runs[0].results!.find((x) => x.ruleId === 'injection/unvalidated-input-to-sink')!;
    const lines = TEXT.split('\n');
    const related = result.relatedLocations!.map((l) => {
      const region = l.physicalLocation!.region!;
      assert.equal(l.physicalLocation!.artifactLocation!.uri, 'flows/chain%20flow.n8n.json');
      assert.equal(l.physicalLocation!.artifactLocation!.uriBaseId, '%SRCROOT%');
      assert.equal(region.startLine, region.endLine);
      return [l.message!.text, lines[region.startLine! - 1].slice(region.startColumn! - 1, region.endColumn! - 1)];
    });
    assert.deepEqual(related, [
      ['1. "Orders" (orders) brings the data in (body.host)', '"Orders"'],
      ['2. "Pick fields" uses it here', '"={{ $json.body.host }}"'],
      ['3. it reaches the shell command of "Run" here (CWE-78)', '$json.host'],
    ]);
    assert.deepEqual(result.relatedLocations!.map((l) => l.id), [1, 2, 3]);
  });
});
