import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/index.js';
import { TODAY } from '../helpers/analyze.js';
import { corpusEntries, hasCorpus, readCorpus } from '../helpers/corpus.js';
import { n8nFlow } from '../helpers/dataflow.js';
import { reviewInventory } from '../helpers/inventory.js';

const run = (text: string, path = 'flow.json') => analyze({ uri: path, path, text }, { today: TODAY });

describe('analyze', () => {
  it('reviews every corpus file without an exception; broken ones get a parse finding', { skip: !hasCorpus && 'no ../shared/corpus' }, () => {
    for (const entry of corpusEntries()) {
      const text = readCorpus(entry.path);
      const result = run(text, entry.path);
      assert.notEqual(result.format, 'unknown', entry.path);
      const parse = result.findings.filter((f) => f.ruleId === 'parse/syntax-error' && f.severity === 'error');
      if (entry.malformed) assert.ok(parse.length > 0, `${entry.path} (${entry.malformed}) has no parse finding`);
      else assert.deepEqual(parse.map((f) => f.message), [], entry.path);
      for (const f of result.findings) {
        assert.ok(f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end, `${entry.path}: range outside the document`);
      }
    }
  });

  it('costs one sniff for files that are not ours', () => {
    const result = run('{"name": "app", "version": "1.0.0"}', 'package.json');
    assert.equal(result.format, 'unknown');
    assert.equal(result.document, undefined);
    assert.deepEqual(result.findings, []);
  });

  it('skips a file over the size limit with a one-line notice', () => {
    const text = JSON.stringify({ nodes: [{ type: 'n8n-nodes-base.code', parameters: { jsCode: 'x'.repeat(3000) } }], connections: {} });
    const result = analyze({ uri: 'big.json', path: 'big.json', text }, { today: TODAY, maxFileSizeKB: 1 });
    assert.equal(result.format, 'n8n');
    assert.deepEqual(result.findings, []);
    assert.match(result.skipped!, /^big\.json: skipped, 3 KB is over the 1 KB limit/);
  });

  it('builds a finding\'s quick fixes once, when first read, and serialises them like any field', () => {
    const text = JSON.stringify({ nodes: [{ id: '1', name: 'Hook', type: 'n8n-nodes-base.webhook', parameters: { path: 'in', httpMethod: 'POST' } }], connections: {} }, null, 2);
    const hook = run(text, 'flow.json').findings.find((f) => f.ruleId === 'ingress/unauthenticated-webhook')!;
    const fixes = hook.fixes;
    assert.equal(fixes?.[0].title, 'Require Header Auth on this webhook (then choose its credential in n8n)');
    assert.equal(hook.fixes, fixes, 'the same list on every read');
    const edit = fixes![0].edits[0];
    assert.equal(text.slice(0, edit.start) + edit.newText + text.slice(edit.end), text.replace('"parameters": {', '"parameters": {"authentication": "headerAuth", '));
    assert.deepEqual(JSON.parse(JSON.stringify(hook)).fixes[0].title, fixes![0].title);
    const broken = run(text.slice(0, -10), 'flow.json').findings.find((f) => f.ruleId === 'parse/syntax-error')!;
    assert.equal('fixes' in broken, false, 'no fixes key without a builder');
  });

  it('reports bytes that were not UTF-8 where they were', () => {
    const text = '{"nodes": [{"name": "A\ufffd", "type": "n8n-nodes-base.set"}], "connections": {}}';
    const result = analyze({ uri: 'u', path: 'x.json', text, invalidEncodingAt: text.indexOf('\ufffd') }, { today: TODAY });
    const [f] = result.findings.filter((x) => x.ruleId === 'parse/syntax-error');
    assert.match(f.message, /not valid UTF-8/);
    assert.equal(f.range.start, text.indexOf('\ufffd'));
  });

  it('gives clear findings, not exceptions, for hostile input', () => {
    const nested = '{"nodes": [' + '['.repeat(100_000) + ']'.repeat(100_000) + '], "connections": {}, "x": "n8n-nodes-base.set"}';
    const cases: [string, string][] = [
      ['truncated', '{"nodes": [{"name": "Webhook", "type": "n8n-nodes-base.webhook", "parameters": {"path": "a'],
      ['deeply nested', nested],
      ['binary bytes', '{"nodes": [\u0000\u0001\u0002 "n8n-nodes-base.x"'],
      ['only a BOM', '\ufeff'],
      ['yaml alias bomb', 'inventory: 1\n' + Array.from({ length: 10 }, (_, i) => `l${i}: &l${i} [${Array(10).fill(i ? `*l${i - 1}` : '"lol"').join(',')}]`).join('\n')],
      ['huge string', JSON.stringify({ nodes: [{ type: 'n8n-nodes-base.code', parameters: { jsCode: 'a'.repeat(2_000_000) } }], connections: {} })],
    ];
    for (const [name, text] of cases) {
      const started = Date.now();
      const result = run(text, name.startsWith('yaml') ? 'x.surfaces.yaml' : 'flow.json');
      assert.ok(Date.now() - started < 5000, `${name} took too long`);
      for (const f of result.findings) assert.ok(f.range.end <= text.length, name);
      if (name === 'truncated' || name === 'yaml alias bomb') assert.ok(result.findings.some((f) => f.ruleId === 'parse/syntax-error'), name);
    }
  });

  it('keeps a finding\'s fingerprint when a node or inventory entry is inserted before it, and gives the new one its own', () => {
    const hook = (name: string, path: string) => ({ name, type: 'webhook', parameters: { path, httpMethod: 'POST' } });
    const prints = (text: string) => new Map(analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY }).findings
      .filter((f) => f.ruleId === 'ingress/unauthenticated-webhook').map((f) => [f.message.match(/"([^"]+)"/)![1], f.fingerprint]));
    // n8nFlow gives node i the id `id-<i>`: the old webhook keeps its id when the new one is inserted first.
    const before = JSON.parse(n8nFlow([hook('Orders', 'orders')]));
    const after = JSON.parse(n8nFlow([hook('Partner hook', 'partner'), hook('Orders', 'orders')]));
    after.nodes[0].id = 'id-new';
    after.nodes[1].id = before.nodes[0].id;
    const old = prints(JSON.stringify(before));
    const now = prints(JSON.stringify(after));
    assert.equal(now.get('Orders'), old.get('Orders'));
    assert.notEqual(now.get('Partner hook'), old.get('Orders'));
    // An inventory entry inserted before another: the later entry's findings keep theirs.
    const entry = (id: string) => [`  - id: ${id}`, `    name: ${id}`, '    kind: webhook', '    direction: inbound', '    auth: { method: none }'];
    const inventory = (...ids: string[]) => ['inventory: 1', 'surfaces:', ...ids.flatMap(entry)].join('\n') + '\n';
    const of = (text: string, id: string) => reviewInventory(text).filter((f) => f.message.includes(`\`${id}\``)).map((f) => f.fingerprint).sort();
    const kept = of(inventory('orders-hook'), 'orders-hook');
    assert.ok(kept.length > 0);
    assert.deepEqual(of(inventory('partner-hook', 'orders-hook'), 'orders-hook'), kept);
  });

  it('gives two findings of one rule at one place fingerprints of their own, which stay when the nodes are reordered', () => {
    const hook = (name: string) => ({ name, type: 'webhook', parameters: { path: name.toLowerCase(), responseMode: 'lastNode' } });
    const call = { name: 'Call', type: 'httpRequest', typeVersion: 4.2, parameters: { method: 'POST', url: 'https://api.example.com/x', options: {} } };
    const waits = (order: string[]) => {
      const flow = JSON.parse(n8nFlow([...order.map(hook), call], order.map((n): [string, string] => [n, 'Call'])));
      for (const node of flow.nodes) node.id = `id-${node.name}`; // ids that move with the nodes
      const found = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text: JSON.stringify(flow) }, { today: TODAY }).findings.filter((f) => f.ruleId === 'resilience/unbounded-retry');
      return new Map(found.map((f) => [f.message.match(/^Webhook "([^"]+)"/)![1], f.fingerprint]));
    };
    const ab = waits(['A', 'B']);
    assert.equal(ab.size, 2);
    assert.notEqual(ab.get('A'), ab.get('B'));
    assert.deepEqual(waits(['B', 'A']), ab);
  });

  it('gives a second secret added to a string its own fingerprint, not the one a suppressed first secret had', () => {
    const key = (tail: string) => ['sk_live_', tail].join('');
    const code = (lines: string[]) => n8nFlow([{ name: 'Code', type: 'code', parameters: { jsCode: `${lines.join('\n')}\nreturn [];` } }]);
    const secrets = (t: string) => analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text: t }, { today: TODAY }).findings.filter((f) => f.ruleId === 'secret/hardcoded-credential').map((f) => f.fingerprint);
    const [suppressed] = secrets(code([`const stripe = '${key('4eC39HqLyjWDarjtT1zdp7dc')}';`]));
    // Same provider, same four characters of evidence: the masked evidence alone could not tell them apart.
    const after = secrets(code([`const other = '${key('9Zy8Xw7Vu6Ts5Rq4Po3Nm2Lk')}';`, `const stripe = '${key('4eC39HqLyjWDarjtT1zdp7dc')}';`]));
    assert.ok(after.length >= 1);
    assert.notEqual(after[0], suppressed, 'the new secret, reported first, does not inherit the suppressed one\'s fingerprint');
  });
});
