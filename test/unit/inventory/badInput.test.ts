// Inventories as they are while being typed, or broken: clear findings, completion still works, nothing throws.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complete, documentSymbols, hover, parseDocument } from '../../../server/src/core/index.js';
import { TODAY } from '../../helpers/analyze.js';
import { reviewInventory } from '../../helpers/inventory.js';
import { joinLines } from '../../helpers/text.js';

const CASES: Record<string, string> = {
  'half-typed key': joinLines('inventory: 1', 'surfaces:', '  - id: a', '    name: A', '    ki'),
  'half-typed value in flow style': joinLines('inventory: 1', 'surfaces:', '  - { id: a, name: A, kind: '),
  'duplicate keys': joinLines('inventory: 1', 'surfaces:', '  - id: a', '    id: b', '    name: A', '    kind: api', '    direction: outbound'),
  'tabs for indentation': 'inventory: 1\nsurfaces:\n\t- id: a\n',
  'anchors and aliases': joinLines('inventory: 1', 'defaults: &d { kind: api, direction: outbound, risk: low }', 'surfaces:', '  - id: a', '    name: A', '    <<: *d', '  - *d'),
  'several documents': joinLines('inventory: 1', 'surfaces: []', '---', 'inventory: 1', 'surfaces: []'),
  'wrong types everywhere': joinLines('inventory: "1"', 'project: [1, 2]', 'zones: { id: x }', 'surfaces:', '  - id: 7', '    name: {}', '    kind: [api]', '    auth: yes', '    data: personal', '    lifecycle: 2026-01-01', '  - 42', '  - null'),
  'a scalar document': 'inventory',
  'an empty document': '',
};

describe('bad input in inventories', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: findings in plain words, no exception, ranges inside the text`, () => {
      const findings = reviewInventory(text);
      for (const f of findings) {
        assert.ok(f.range.start >= 0 && f.range.end <= text.length, `${f.ruleId} range`);
        assert.doesNotMatch(f.message, /could not finish|undefined|\[object/, f.message);
      }
      const doc = parseDocument(text, 'yaml');
      for (let offset = 0; offset <= text.length; offset += Math.max(1, Math.floor(text.length / 25))) {
        complete({ text, offset, schema: 'inventory', value: doc.value, today: TODAY });
        hover(doc, offset, 'inventory');
      }
      documentSymbols(doc);
    });
  }

  it('still completes in a half-typed document', () => {
    const text = CASES['half-typed key'];
    const labels = complete({ text, offset: text.length, schema: 'inventory', value: parseDocument(text, 'yaml').value, today: TODAY }).map((i) => i.label);
    assert.ok(labels.includes('kind') && !labels.includes('name'), labels.join());
  });

  it('says what is wrong with duplicate keys, tabs and several documents', () => {
    const messages = (name: string) => reviewInventory(CASES[name]).filter((f) => f.ruleId === 'parse/syntax-error').map((f) => f.message).join('\n');
    assert.match(messages('duplicate keys'), /The YAML does not parse: map keys must be unique/);
    assert.match(messages('tabs for indentation'), /tab/i);
    assert.match(messages('several documents'), /holds 2 YAML documents; only the first is reviewed/);
  });

  it('reads anchors and merge keys as the values they stand for', () => {
    const findings = reviewInventory(CASES['anchors and aliases']);
    assert.ok(findings.some((f) => f.ruleId === 'inventory/schema' && /`defaults` is not a field of the inventory/.test(f.message)));
    assert.ok(findings.some((f) => f.ruleId === 'ownership/missing-owner'));
  });

  it('reports every wrong type once, in plain words', () => {
    const schema = reviewInventory(CASES['wrong types everywhere']).filter((f) => f.ruleId === 'inventory/schema').map((f) => f.message);
    for (const expected of [
      '`inventory` must be 1 (the format version this extension reads).',
      '`project` must be text, not a list.',
      '`zones` must be a list, not a mapping (key: value pairs).',
      '`id` of surface 1 must be text, not a whole number.',
      '`auth` of surface 1 must be a mapping (key: value pairs), not text.',
      '`data` of surface 1 must be a list, not text.',
      'Surface 2 must be a mapping (key: value pairs), not a whole number.',
    ]) assert.ok(schema.includes(expected), `${expected}\nin:\n${schema.join('\n')}`);
    assert.equal(new Set(schema).size, schema.length, 'one message per problem');
  });
});

describe('suppressions', () => {
  const text = joinLines('inventory: 1', 'surfaces:', '  # surface-review-ignore ownership/missing-owner -- owned by the web team (SEC-12)', '  - id: hook', '    name: Hook', '    kind: api', '    direction: outbound', '  - id: other', '    name: Other', '    kind: api', '    direction: outbound', '');
  const owners = (findings: { ruleId: string; surfaceId?: string }[]) => findings.filter((f) => f.ruleId === 'ownership/missing-owner').map((f) => f.surfaceId);

  it('an ignore comment suppresses that rule on the next line only', () => {
    assert.deepEqual(owners(reviewInventory(text)), ['other']);
  });

  it('policy suppressions match by rule and path glob until they expire', async () => {
    const { policyFromValue } = await import('../../../server/src/core/index.js');
    const live = policyFromValue({ suppressions: [{ rule: 'ownership/missing-owner', path: '*.surfaces.yaml', reason: 'r', owner: 'o', expires: '2026-12-31' }] });
    assert.deepEqual(owners(reviewInventory(text, { policy: live })), []);
    const expired = policyFromValue({ suppressions: [{ rule: 'ownership/missing-owner', reason: 'r', owner: 'sec@example.com', expires: '2026-01-01' }] });
    const [f] = reviewInventory(text, { policy: expired }).filter((x) => x.ruleId === 'ownership/missing-owner');
    assert.match(f.message, /Its suppression by sec@example.com expired on 2026-01-01/);
    const byFingerprint = policyFromValue({ suppressions: [{ fingerprint: f.fingerprint, reason: 'r', owner: 'o', expires: '2027-01-01' }] });
    assert.deepEqual(owners(reviewInventory(text, { policy: byFingerprint })), []);
  });

  it('policy severity overrides apply, editor settings win', async () => {
    const { policyFromValue } = await import('../../../server/src/core/index.js');
    const policy = policyFromValue({ severity: { 'ownership/missing-owner': 'info' } });
    assert.equal(reviewInventory(text, { policy }).find((f) => f.ruleId === 'ownership/missing-owner')!.severity, 'info');
    assert.equal(reviewInventory(text, { policy, rules: { 'ownership/missing-owner': 'error' } }).find((f) => f.ruleId === 'ownership/missing-owner')!.severity, 'error');
    assert.deepEqual(owners(reviewInventory(text, { policy: policyFromValue({ severity: { 'ownership/missing-owner': 'off' } }) })), []);
  });
});
