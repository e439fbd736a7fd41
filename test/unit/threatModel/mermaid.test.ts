// The data-flow diagram: zones as subgraphs, one edge per surface in the direction data moves, safe labels.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildThreatModel, dataFlowMarkdown, toMermaid } from '../../../server/src/core/threatModel/index.js';
import { n8n, snapshotOf } from '../../helpers/threatModel.js';

const FLOW = n8n([
  { id: 'w', name: 'Order "webhook" <new>', type: 'n8n-nodes-base.webhook', parameters: { path: 'orders' } },
  { id: 's', name: 'Notify | Slack', type: 'n8n-nodes-base.slack', parameters: {}, credentials: { slackApi: { id: '1', name: 'bot' } } },
  { id: 'p', name: 'Orders DB', type: 'n8n-nodes-base.postgres', parameters: {}, credentials: { postgres: { id: '2', name: 'db' } } },
]);

describe('toMermaid', () => {
  const model = buildThreatModel(snapshotOf({ 'flows/orders.n8n.json': FLOW }));
  const text = toMermaid(model);
  const lines = text.split('\n');

  it('draws each zone as a subgraph and the flow inside the platform zone', () => {
    assert.equal(lines[0], 'flowchart LR');
    const subgraphs = lines.filter((l) => l.trim().startsWith('subgraph')).map((l) => /\["([^"]*)"\]/.exec(l)![1]);
    assert.deepEqual(subgraphs.sort(), ['data-stores (internal) · inferred', 'internet (external) · inferred', 'n8n (platform) · inferred', 'saas (saas) · inferred']);
    const n8nBlock = text.slice(text.indexOf('["n8n (platform)'), text.indexOf('end', text.indexOf('["n8n (platform)')));
    assert.match(n8nBlock, /\[\["flows\/orders\.n8n\.json"\]\]/);
    assert.equal(lines.filter((l) => l.trim() === 'end').length, 4);
  });

  it('draws one edge per surface in the direction data moves, labelled with its kind and open threats', () => {
    const edges = lines.filter((l) => l.includes('-->'));
    assert.equal(edges.length, 3);
    const webhook = /^ {2}(s\d+)\(\[/m.exec(text.split('\n').filter((l) => l.includes('Order'))[0]) ?? /(s\d+)\(\[/.exec(text)!;
    const inbound = edges.find((e) => e.trim().startsWith(webhook[1]));
    assert.ok(inbound, 'the webhook points into the flow');
    assert.match(inbound!, /\|"webhook · open S T R I D E"\|/);
    assert.ok(edges.some((e) => /\|"database · open [STRIDE ]+"\|/.test(e) && /^ {2}f\d+ /.test(e)), 'the flow points to the database');
  });

  it('escapes quotes, angle brackets and pipes in labels, and never uses user text as an id', () => {
    assert.ok(text.includes('(["Order #quot;webhook#quot; #lt;new#gt;"])'));
    assert.ok(text.includes('["Notify #124; Slack"]'));
    for (const line of lines.filter((l) => /^\s+[a-z]+\d+[[(]/.test(l))) assert.match(line.trim(), /^[fsz]\d+/);
  });

  it('colours nodes by risk and caps the number of surfaces drawn', () => {
    assert.match(text, /classDef critical fill:/);
    assert.match(text, /^ {2}class s\d+(,s\d+)* (low|medium|high|critical)$/m);
    const capped = toMermaid(model, { maxSurfaces: 1 });
    assert.equal(capped.split('\n').filter((l) => l.includes('-->')).length, 1);
    assert.match(capped, /%% 2 more surfaces \(lower scores\) are not drawn/);
  });

  it('wraps the diagram in a Markdown document with a summary and the boundaries', () => {
    const md = dataFlowMarkdown(model);
    assert.match(md, /^# Data-flow diagram\n\n3 surfaces across 3 trust boundaries; \d+ of 17 STRIDE threats open/);
    assert.ok(md.includes('```mermaid\nflowchart LR\n'));
    assert.match(md, /\| internet → n8n \(inferred\) \| 1 \| (low|medium|high|critical) \|/);
  });
});
