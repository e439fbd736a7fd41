// Hostile graphs and expressions: cycles, dangling connections, huge fan-out, values that do not parse. The engine must
// end in bounded work, never throw, and say when it gave up on a flow.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import { TODAY } from '../../helpers/analyze.js';
import { flowFindings, n8nFlow } from '../../helpers/dataflow.js';
import { nodeRedFlow } from '../../helpers/platformDocs.js';
import { laStandardWorkflow } from '../../helpers/wdl.js';

const RULE = 'injection/unvalidated-input-to-sink';
const webhook = { name: 'Hook', type: 'webhook', parameters: { path: 'h' } };

function ruleErrors(text: string): string[] {
  return analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY }).findings.filter((f) => /could not finish/.test(f.message)).map((f) => f.message);
}

describe('data-flow engine on bad input', () => {
  it('follows a chain around a cycle of Set steps and stops', () => {
    const set = (name: string, from: string) => ({ name, type: 'set', parameters: { assignments: { assignments: [{ name: 'v', value: `={{ $json.${from} }}` }] } } });
    const text = n8nFlow(
      [webhook, set('A', 'body.v'), set('B', 'v'), set('C', 'v.inner'), { name: 'Run', type: 'executeCommand', parameters: { command: '=echo {{ $json.v }}' } }],
      [['Hook', 'A'], ['A', 'B'], ['B', 'C'], ['C', 'A'], ['B', 'Run']],
    );
    const found = flowFindings(RULE, { text });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /built from body\.v of "Hook" \(h\), via "A" → "B"/);
  });

  it("finds nothing in node types, operations and fields named like Object's own members", () => {
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
    const text = n8nFlow([
      webhook,
      ...names.map((n) => ({ name: `Node ${n}`, type: n, parameters: { url: '={{ $json.body.url }}', query: '={{ $json.body.q }}' } })),
      { name: 'Check', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $json.body.q }}', rightValue: '', operator: { type: 'string', operation: 'constructor' } }] } } },
      { name: 'Run', type: 'executeCommand', parameters: { command: '=echo {{ $json.body.q }}' } },
    ], [['Hook', 'Check'], ['Check', 'Run'], ...names.map((n): [string, string] => ['Hook', `Node ${n}`])]);
    assert.deepEqual(ruleErrors(text), []);
    assert.equal(flowFindings(RULE, { text }).length, 1); // the command only: an unknown check does not count
    const red = nodeRedFlow(
      { id: 'in', type: 'http in', z: 't', url: '/h', method: 'post', wires: [names.map((n) => `n-${n}`)] },
      ...names.map((n) => ({ id: `n-${n}`, type: n, z: 't', wires: [[]] })),
    );
    assert.equal(analyze({ uri: 'file:///ws/flows.json', path: 'flows.json', text: red }, { today: TODAY }).format, 'node-red');
    assert.deepEqual(ruleErrors(red), []);
  });

  it('ignores connections to nodes that do not exist', () => {
    const text = JSON.stringify({
      nodes: [{ name: 'Hook', type: 'n8n-nodes-base.webhook', parameters: {} }, { name: 'Run', type: 'n8n-nodes-base.executeCommand', parameters: { command: '={{ $json.body.cmd }}' } }],
      connections: { Hook: { main: [[{ node: 'Ghost', type: 'main', index: 0 }, { node: 'Run', type: 'main', index: 0 }]] }, Phantom: { main: [[{ node: 'Run', type: 'main', index: 0 }]] }, Run: { main: 'not a list' } },
    });
    assert.equal(flowFindings(RULE, { text }).length, 1);
    assert.deepEqual(ruleErrors(text), []);
  });

  it('handles a webhook fanning out to 3,000 nodes', () => {
    const nodes = [webhook, ...Array.from({ length: 3000 }, (_, i) => ({ name: `Run ${i}`, type: 'executeCommand', parameters: { command: `=echo {{ $json.body.f${i % 7} }}` } }))];
    const text = n8nFlow(nodes, nodes.slice(1).map((n) => ['Hook', n.name] as const));
    assert.equal(flowFindings(RULE, { text }).length, 3000);
    assert.deepEqual(ruleErrors(text), []);
  });

  it('says when it gave up: a node that carries more distinct values than the cap', () => {
    const assignments = Array.from({ length: 300 }, (_, i) => ({ name: `f${i}`, value: `={{ $json.body.f${i} }}` }));
    const text = n8nFlow([webhook, { name: 'Copy', type: 'set', parameters: { assignments: { assignments } } }, { name: 'Run', type: 'executeCommand', parameters: { command: '=echo {{ $json.f1 }}' } }], [['Hook', 'Copy'], ['Copy', 'Run']]);
    const found = flowFindings(RULE, { text });
    const gaveUp = found.filter((f) => f.severity === 'info');
    assert.equal(gaveUp.length, 1);
    assert.match(gaveUp[0].message, /^The data-flow review gave up on this flow \(node "Copy" carries more than 256 distinct values\)/);
    assert.deepEqual({ start: gaveUp[0].range.start, end: gaveUp[0].range.end }, { start: 0, end: 0 });
  });

  it('says nothing of giving up on a flow where no node can be a sink (its HTTP calls have fixed hosts)', () => {
    const assignments = Array.from({ length: 300 }, (_, i) => ({ name: `f${i}`, value: `={{ $json.body.f${i} }}` }));
    const text = n8nFlow([webhook, { name: 'Copy', type: 'set', parameters: { assignments: { assignments } } }, { name: 'Fetch', type: 'httpRequest', parameters: { url: '=https://api.example.com/items/{{ $json.f1 }}' } }], [['Hook', 'Copy'], ['Copy', 'Fetch']]);
    assert.deepEqual(flowFindings(RULE, { text }), []);
  });

  it('gives the privacy rule its own step budget when the injection rule used up the shared model\'s', () => {
    // The injection rule reads the query node's 2.1 million strings and gives up; the privacy rule, which shares the
    // flow's data-flow model, must still follow the form's e-mail to the enrichment API (a fresh model finds it).
    const form = { name: 'Signup', type: 'formTrigger', parameters: { path: 'signup', formFields: { values: [{ fieldLabel: 'Email' }] } } };
    const send = { name: 'Send', type: 'httpRequest', parameters: { method: 'POST', url: 'https://api.enrich.example.com/v1/person', sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify({ email: $json.email }) }}' } };
    const query = { name: 'Query', type: 'postgres', parameters: { operation: 'executeQuery', query: "=SELECT * FROM t WHERE e = '{{ $json.email }}'", filler: new Array(2_100_000).fill('') } };
    const text = JSON.stringify(JSON.parse(n8nFlow([form, send, query], [['Signup', 'Send'], ['Signup', 'Query']])));
    const all = flowFindings('privacy/sensitive-data-to-third-party', { text, options: { maxFileSizeKB: 20_000 } });
    assert.equal(all.length, 1, 'the privacy finding');
    assert.match(all[0].message, /^Personal data goes to an external HTTP endpoint/);
    const injection = flowFindings(RULE, { text, options: { maxFileSizeKB: 20_000 } });
    assert.ok(injection.some((f) => /gave up on this flow/.test(f.message)), 'the injection rule did run out of steps');
  });

  it('reads expressions that do not parse without throwing', () => {
    const broken = [
      '={{ $json.body.', '={{ $(\'Hook', '={{ $node["Hook" }}', '={{ $json[ }}', '={{ $json.body["a]] }}', '={{ $fromAI( }}', '={{{{{{', '=}}{{', '={{ $input.item.json.', '={{ $items("Hook")[0].json.x }}',
      "={{ $('Hook').item.json.body.cmd }}", '={{ ' + '$json.a'.repeat(5000) + ' }}', '={{ ' + '['.repeat(10000) + ' }}', '={{ ' + '('.repeat(10000),
    ];
    const nodes = [webhook, ...broken.map((command, i) => ({ name: `Run ${i}`, type: 'executeCommand', parameters: { command } }))];
    const text = n8nFlow(nodes, nodes.slice(1).map((n) => ['Hook', n.name] as const));
    assert.deepEqual(ruleErrors(text), []);
    assert.ok(flowFindings(RULE, { text }).length >= 3);
  });

  it('reads hostile IF expressions and code in linear time (a reviewer measured 22.7 s and 4.7 s)', () => {
    const ifTrue = (expression: string) => ({ name: 'Check', type: 'if', parameters: { conditions: { conditions: [{ leftValue: expression, rightValue: '', operator: { type: 'boolean', operation: 'true' } }] } } });
    const run = { name: 'Run', type: 'executeCommand', parameters: { command: '=ls {{ $json.body.id }}' } };
    const flows = [
      // A list "receiver" of 27 digits and a name: the allowlist regex backtracked exponentially.
      ifTrue(`={{ [${'1'.repeat(5000)}x].includes($json.body.id) }}`),
      // One conjunct with 8,000 references: every reference re-read the whole expression.
      ifTrue(`={{ $json.body.q === 'a' && (${Array.from({ length: 8000 }, (_, i) => `$json.body.a${i}`).join(' + ')}) === 'x' }}`),
      // 400 guarded tests in one code step.
      { name: 'Check', type: 'code', parameters: { jsCode: Array.from({ length: 400 }, (_, i) => `if (!/^\\d+$/.test($json.body.a${i})) throw new Error('bad');`).join('\n') + '\nreturn $input.all();' } },
    ];
    for (const check of flows) {
      const text = n8nFlow([webhook, check, run], [['Hook', 'Check'], ['Check', 'Run']]);
      const started = performance.now();
      assert.equal(flowFindings(RULE, { text }).length, 1);
      const ms = performance.now() - started;
      assert.ok(ms < 2000, `${Math.round(ms)} ms`);
    }
  });

  it('reads broken Workflow Definition Language expressions and odd Node-RED wiring', () => {
    const la = laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, {
      A: { type: 'Http', inputs: { uri: "@{triggerBody()?['url'" }, runAfter: { Missing: ['Succeeded'] } },
      B: { type: 'Http', inputs: { uri: "@concat('" }, runAfter: { B: ['Succeeded'] } },
      C: { type: 'Http', inputs: { uri: '@' + "body('".repeat(3000) }, runAfter: {} },
    });
    assert.deepEqual(ruleErrors(la), []);
    const red = nodeRedFlow(
      { id: 'in', type: 'http in', url: '/x', method: 'post', wires: [['in', 'ghost', 'x'], 'nonsense'] },
      { id: 'x', type: 'exec', command: 'ls', addpay: true, wires: [['in']] },
      { id: 'x', type: 'exec', command: 'dup', wires: [] },
    );
    assert.deepEqual(ruleErrors(red), []);
    assert.equal(flowFindings(RULE, { text: red }).length, 1);
  });

  it('never throws in any data-flow rule on hostile shapes', () => {
    const shapes = [
      JSON.stringify({ nodes: [null, 1, 'x', { type: 'n8n-nodes-base.webhook' }, { name: 'n', type: 'n8n-nodes-base.set', parameters: { assignments: { assignments: [null, { name: 5, value: {} }] } } }], connections: [] }),
      JSON.stringify({ nodes: [{ name: 'a', type: 'n8n-nodes-base.if', parameters: { conditions: { conditions: 'x', string: 5 } } }, { name: 'b', type: 'n8n-nodes-base.code', parameters: { jsCode: 42 } }], connections: { a: { main: [[{ node: 'a' }]] } } }),
      laStandardWorkflow({ t: { type: 'Request' } }, { F: { type: 'Foreach', foreach: 5, actions: { G: { type: 'ParseJson', inputs: { schema: { properties: 'x' } } } } } }),
    ];
    for (const text of shapes) {
      const findings = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY }).findings;
      for (const f of findings) assert.ok(!/could not finish/.test(f.message), f.message);
    }
  });
});
