// The threat catalogue is data: every threat names known controls, every element class has threats, and
// docs/threat-model.md shows the same catalogue, controls and score formula as the code.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CONTROLS, elementClassOf, riskOfScore, scoreOf, scoreParts, STRIDE_CATEGORIES, STRIDE_ORDER, THREATS, threatsFor } from '../../../server/src/core/threatModel/index.js';

const DOC = readFileSync(path.resolve(__dirname, '../../../docs/threat-model.md'), 'utf8');

describe('threat catalogue', () => {
  it('gives every element class its threats once each, in STRIDE order, with known controls', () => {
    const ids = new Set<string>();
    for (const element of ['entry-point', 'outbound', 'data-store', 'file-transfer', 'script'] as const) {
      const threats = threatsFor(element);
      assert.ok(threats.length >= 4, element);
      const letters = threats.map((t) => t.stride);
      assert.deepEqual(letters, STRIDE_ORDER.filter((l) => letters.includes(l)), `${element} in STRIDE order without repeats`);
      for (const t of threats) {
        assert.ok(!ids.has(t.id), `duplicate ${t.id}`);
        ids.add(t.id);
        assert.equal(t.id, `${t.stride}/${element}`);
        assert.ok(t.mitigations.length > 0 && t.mitigations.every((m) => m.length > 0 && m.every((c) => c in CONTROLS)), t.id);
      }
    }
    assert.equal(ids.size, THREATS.length);
  });

  it('maps surface kinds to element classes (STRIDE per element)', () => {
    assert.equal(elementClassOf('webhook', undefined), 'entry-point');
    assert.equal(elementClassOf('api', 'inbound'), 'entry-point');
    assert.equal(elementClassOf('api', 'outbound'), 'outbound');
    assert.equal(elementClassOf('event-stream', 'bidirectional'), 'entry-point');
    assert.equal(elementClassOf('connector', 'outbound'), 'outbound');
    assert.equal(elementClassOf('connector', 'inbound'), 'entry-point');
    assert.equal(elementClassOf('database', 'outbound'), 'data-store');
    assert.equal(elementClassOf('automation-script', undefined), 'script');
    assert.equal(elementClassOf(undefined, undefined), 'outbound');
  });

  it('is documented in docs/threat-model.md row by row (regenerate the tables when the catalogue changes)', () => {
    for (const t of THREATS) {
      const row = `| \`${t.id}\` | ${STRIDE_CATEGORIES[t.stride]}: **${t.title}** | ${t.description} | ${t.mitigations.map((m) => m.map((c) => `\`${c}\``).join(' + ')).join('<br>')} |`;
      assert.ok(DOC.includes(row), `docs/threat-model.md lacks or differs for ${t.id}:\n${row}`);
    }
    for (const c of Object.values(CONTROLS)) {
      const row = `| \`${c.id}\` | ${c.label} | ${c.evidence} |`;
      assert.ok(DOC.includes(row), `docs/threat-model.md lacks or differs for control ${c.id}:\n${row}`);
    }
  });
});

describe('score', () => {
  const base = { direction: 'inbound', farZoneKind: 'external', auth: 'none' as const, scopes: [], scopeHint: '', findings: [] };

  it('adds classification, exposure, auth strength, scope risk and open findings as docs/threat-model.md says', () => {
    assert.deepEqual(scoreParts({ ...base, classification: 'restricted' }), { classification: 20, exposure: 20, auth: 20, scopes: 0, findings: 0 });
    assert.equal(scoreParts({ ...base, classification: undefined }).classification, 10);
    assert.equal(scoreParts({ ...base, farZoneKind: 'saas' }).exposure, 14);
    assert.equal(scoreParts({ ...base, farZoneKind: 'internal' }).exposure, 6);
    assert.equal(scoreParts({ ...base, direction: 'outbound', farZoneKind: 'saas' }).exposure, 10);
    assert.equal(scoreParts({ ...base, direction: 'outbound', farZoneKind: 'internal' }).exposure, 4);
    assert.deepEqual((['none', 'unknown', 'weak', 'strong'] as const).map((auth) => scoreParts({ ...base, auth }).auth), [20, 12, 8, 0]);
    assert.equal(scoreParts({ ...base, scopes: ['Directory.ReadWrite.All'], scopeHint: 'graph.microsoft.com' }).scopes, 15);
    assert.equal(scoreParts({ ...base, scopes: ['chat:write'], scopeHint: 'slack' }).scopes, 0);
    assert.equal(scoreParts({ ...base, findings: ['error', 'warning', 'info', 'hint'] }).findings, 15);
    assert.equal(scoreParts({ ...base, findings: ['error', 'error', 'error'] }).findings, 25, 'capped');
    assert.equal(scoreOf({ classification: 20, exposure: 20, auth: 20, scopes: 15, findings: 25 }), 100);
    for (const text of ['`restricted` 20, `confidential` 15, `internal` 7, `public` 0, not recorded 10', 'critical 15, high 10, medium 5', '10 per error, 4 per warning, 1 per info', 'at most 25', '**critical** from 70, **high** from 45, **medium** from 25']) {
      assert.ok(DOC.includes(text), `docs/threat-model.md states: ${text}`);
    }
  });

  it('bands scores into risks at 25, 45 and 70', () => {
    assert.deepEqual([0, 24, 25, 44, 45, 69, 70, 100].map(riskOfScore), ['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
  });
});
