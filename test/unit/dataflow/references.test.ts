// What each platform's references resolve to: node, field, span and flags, read off small expressions.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { n8nReferences } from '../../../server/src/core/dataflow/n8n.js';
import { urlPathStart, templateBlocks } from '../../../server/src/core/dataflow/expressions.js';

const idByName = new Map([['Webhook', 'w1'], ['Set \'x\'', 's1']]);
const refs = (value: string, code?: 'js' | 'python') =>
  n8nReferences(value, { idByName, code, itemsWord: code ? 'items' : undefined }).map((r) => ({ kind: r.kind, target: r.target, field: r.field, text: value.slice(r.start, r.end), masked: r.masked, whole: r.whole }));

describe('n8n references', () => {
  const table: [string, ReturnType<typeof refs>][] = [
    ['={{ $json.body.id }}', [{ kind: 'input', target: undefined, field: 'body.id', text: '$json.body.id', masked: false, whole: true }]],
    ['=id={{ $json["body"]["id"] }}&x={{ $json.body?.x.toUpperCase() }}', [
      { kind: 'input', target: undefined, field: 'body.id', text: '$json["body"]["id"]', masked: false, whole: false },
      { kind: 'input', target: undefined, field: 'body.x', text: '$json.body?.x', masked: false, whole: false },
    ]],
    ["={{ $('Webhook').item.json.query.q }}", [{ kind: 'node', target: 'w1', field: 'query.q', text: "$('Webhook').item.json.query.q", masked: false, whole: true }]],
    ["={{ $('Webhook').first().json.items[0].name }}", [{ kind: 'node', target: 'w1', field: 'items.name', text: "$('Webhook').first().json.items[0].name", masked: false, whole: true }]],
    ['={{ $node["Webhook"].data["query"]["q"] }}', [{ kind: 'node', target: 'w1', field: 'query.q', text: '$node["Webhook"].data["query"]["q"]', masked: false, whole: true }]],
    ["={{ $('Set \\'x\\'').item.json.v }}", [{ kind: 'node', target: 's1', field: 'v', text: "$('Set \\'x\\'').item.json.v", masked: false, whole: true }]],
    ['={{ $input.item.binary.data.fileName }}', [{ kind: 'input', target: undefined, field: '#binary.data.fileName', text: '$input.item.binary.data.fileName', masked: false, whole: true }]],
    ["={{ $json.email.hash('sha256') }}", [{ kind: 'input', target: undefined, field: 'email', text: '$json.email', masked: true, whole: false }]],
    ["={{ $fromAI('sql', 'the query', 'string') }}", [{ kind: 'agent', target: undefined, field: 'sql', text: "$fromAI('sql', 'the query', 'string')", masked: false, whole: true }]],
    ['={{ $env.API_URL }}/{{ $now }}/{{ $execution.id }}/{{ $node["Webhook"].parameter["path"] }}/{{ $(\'Webhook\').params.path }}', []],
    ['={{ $(\'Unknown\').item.json.x }}', []],
  ];
  for (const [value, expected] of table) it(value, () => assert.deepEqual(refs(value), expected));

  it('reads code: $input, $json, items and Python names', () => {
    assert.deepEqual(refs('const all = $input.all();\nfor (const item of items) item.json.x = 1;\nreturn $json.body;', 'js').map((r) => [r.kind, r.field, r.text]), [
      ['input', '', '$input.all()'],
      ['input', 'body', '$json.body'],
      ['input', '', 'items'],
    ]);
    assert.deepEqual(refs("rows = _input.all()\nname = _json['name']\nx = _('Webhook').first().json.q", 'python').map((r) => [r.kind, r.target, r.field]), [
      ['input', undefined, ''],
      ['input', undefined, 'name'],
      ['node', 'w1', 'q'],
    ]);
  });
});

describe('URL host position', () => {
  const pathStart = (url: string) => urlPathStart(url, templateBlocks(url).map((b) => ({ start: b.outerStart, end: b.outerEnd })), url.startsWith('=') ? 1 : 0);
  it('finds where the path starts around expressions', () => {
    assert.equal(pathStart('=https://api.example.com/{{ $json.id }}'), '=https://api.example.com'.length);
    assert.equal(pathStart('=https://{{ $json.host }}/x'), '=https://{{ $json.host }}'.length);
    assert.equal(pathStart('={{ $json.url }}'), '={{ $json.url }}'.length);
    assert.equal(pathStart('={{ $env.BASE }}/users/{{ $json.id }}'), '={{ $env.BASE }}'.length);
    assert.equal(pathStart('=https://x.example.com?u={{ $json.u }}'), '=https://x.example.com'.length);
  });
});
