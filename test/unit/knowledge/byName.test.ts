// Knowledge tables are looked up by names read from files: a node type, app, operation or field named like a member of
// Object (`constructor`, `__proto__`, `toString`) must find nothing. A `constructor` node once got no role at all, and a
// rule that read it stopped with "could not finish".
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import * as azure from '../../../server/src/core/knowledge/connectors/azure.js';
import * as make from '../../../server/src/core/knowledge/connectors/make.js';
import * as n8n from '../../../server/src/core/knowledge/connectors/n8n.js';
import * as nodeRed from '../../../server/src/core/knowledge/connectors/node-red.js';
import * as zapier from '../../../server/src/core/knowledge/connectors/zapier.js';
import * as sensitive from '../../../server/src/core/knowledge/sensitiveData.js';
import * as sinks from '../../../server/src/core/knowledge/sinks.js';
import * as thirdParty from '../../../server/src/core/knowledge/thirdParty.js';
import { TODAY } from '../../helpers/analyze.js';
import { n8nFlow } from '../../helpers/dataflow.js';
import { makeBlueprint } from '../../helpers/platformDocs.js';
import { laStandardWorkflow } from '../../helpers/wdl.js';

const OBJECT_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];

/** Every table of the knowledge modules whose keys are names from files (upper-case exports that are plain tables). */
const TABLES = Object.entries({ ...azure, ...make, ...n8n, ...nodeRed, ...zapier, ...sensitive, ...sinks, ...thirdParty })
  .filter(([name, value]) => /^[A-Z0-9_]+$/.test(name) && value !== null && typeof value === 'object' && !(value instanceof RegExp) && !(value instanceof Set) && !(value instanceof Map) && !Array.isArray(value));

describe('knowledge tables looked up by names from files', () => {
  it('find nothing for the names of Object\'s own members', () => {
    assert.ok(TABLES.length >= 20, `${TABLES.length} tables`);
    const found: string[] = [];
    for (const [name, table] of TABLES) {
      if (name === 'SINKS' || name === 'CATEGORY_LABEL' || name === 'THIRD_PARTY_LABEL') continue; // keyed by our own kinds
      for (const key of OBJECT_NAMES) if ((table as Record<string, unknown>)[key] !== undefined) found.push(`${name}[${key}]`);
    }
    assert.deepEqual(found, []);
    assert.equal(sensitive.sensitiveCategoryOf('constructor'), undefined);
    assert.equal(n8n.n8nNodeInfo('n8n-nodes-base.constructor').role, 'other');
  });

  it('give nodes typed like Object\'s members a role, so every rule finishes (n8n, Make)', () => {
    const types = OBJECT_NAMES.slice(0, 5);
    const flow = n8nFlow([{ name: 'Hook', type: 'webhook', parameters: { path: 'h', httpMethod: 'POST', responseMode: 'responseNode' } }, ...types.map((t) => ({ name: `Node ${t}`, type: t, parameters: { url: '={{ $json.body.url }}' } }))], types.map((t): [string, string] => ['Hook', `Node ${t}`]));
    const blueprint = makeBlueprint(
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Hook' } } },
      ...types.map((t, i) => ({ id: i + 2, module: `${t}:${t}`, version: 1, parameters: {}, mapper: { url: '{{1.url}}' }, metadata: { designer: { name: t } } })),
    );
    // A Logic Apps run-after status named like one: an edge kind that is a string, not Object's function.
    const wdl = laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, {
      A: { type: 'Compose', inputs: 'a', runAfter: {} },
      B: { type: 'Compose', inputs: 'b', runAfter: { A: ['toString', 'constructor'] } },
    });
    const wdlFlow = analyze({ uri: 'file:///ws/workflow.json', path: 'workflow.json', text: wdl }, { today: TODAY }).flow;
    assert.ok(wdlFlow?.edges.length && wdlFlow.edges.every((e) => e.kind === undefined || typeof e.kind === 'string'));
    for (const [path, text] of [['flow.json', flow], ['blueprint.json', blueprint]]) {
      const result = analyze({ uri: `file:///ws/${path}`, path, text }, { today: TODAY });
      assert.ok(result.flow?.nodes.every((n) => typeof n.role === 'string'), path);
      assert.deepEqual(result.findings.filter((f) => /could not finish/.test(f.message)).map((f) => f.message), [], path);
    }
  });
});
