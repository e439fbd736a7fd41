// Small flows with connections for the data-flow rules, laid out one property per line like the platforms' exports.
import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyze, analyzeWorkspace, type AnalysisOptions, type Finding } from '../../server/src/core/index.js';
import { functionOutput, type PortOutput } from '../../server/src/core/dataflow/nodeRedCode.js';
import type { Reference } from '../../server/src/core/dataflow/types.js';
import { TODAY } from './analyze.js';
import { assertRangeCovers } from './text.js';

export interface N8nNode {
  readonly name: string;
  /** Short type (`webhook`) for `n8n-nodes-base.*`, or a full type with a package. */
  readonly type: string;
  readonly parameters?: object;
  readonly [key: string]: unknown;
}

/**
 * An n8n workflow: `links` are `[from, to]` (main) or `[from, to, kind]` (`ai_tool`, `ai_languageModel`), leaving by
 * output 0, or `[from, to, kind, output]` (an IF's false branch is output 1).
 */
export function n8nFlow(nodes: readonly N8nNode[], links: readonly (readonly [string, string, string?, number?])[] = [], extra: object = {}): string {
  const connections: Record<string, Record<string, { node: string; type: string; index: number }[][]>> = {};
  for (const [from, to, kind = 'main', output = 0] of links) {
    const outputs = ((connections[from] ??= {})[kind] ??= []);
    for (let i = outputs.length; i <= output; i++) outputs.push([]);
    outputs[output].push({ node: to, type: kind, index: 0 });
  }
  return JSON.stringify({
    name: 'Test flow',
    nodes: nodes.map((n, i) => ({
      ...n,
      id: `id-${i}`,
      type: n.type.includes('.') ? n.type : `n8n-nodes-base.${n.type}`,
      typeVersion: typeof n.typeVersion === 'number' ? n.typeVersion : 2,
      position: [i * 200, 0],
      parameters: n.parameters ?? {},
    })),
    connections,
    ...extra,
  }, null, 2);
}

/** One case of a rule table: the document, and each expected finding with the text its range covers. */
/**
 * An n8n Code node "Verify" that reads the Slack request the webhook "Hook" received (`item`, its raw body `raw`, with
 * `crypto` loaded), runs `lines` (the check under test) and passes the items on.
 */
export function slackVerifyCode(lines: readonly string[]): N8nNode & { readonly parameters: { readonly jsCode: string } } {
  return {
    name: 'Verify',
    type: 'code',
    parameters: {
      jsCode: [
        "const crypto = require('crypto');",
        "const item = $('Hook').first();",
        "const raw = Buffer.from(item.binary.data.data, 'base64').toString();",
        ...lines,
        'return $input.all();',
      ].join('\n'),
    },
  };
}

export interface FlowCase {
  readonly name: string;
  readonly text: string;
  readonly path?: string;
  readonly options?: Partial<AnalysisOptions>;
  readonly expected: readonly { covers: string; nth?: number; message?: RegExp; severity?: Finding['severity']; related?: number }[];
  /** A case the code does not meet yet: what is wrong, and where (run as a todo test). */
  readonly todo?: string;
}

/** A flow's findings of `ruleId` as the CLI reviews a folder holding just it: its own, then the cross-file ones. */
export function flowFindings(ruleId: string, c: Pick<FlowCase, 'text' | 'path' | 'options'>): Finding[] {
  const path = c.path ?? 'flow.json';
  const uri = `file:///ws/${path}`;
  const options = { today: TODAY, ...c.options };
  const result = analyze({ uri, path, text: c.text }, options);
  const linked = analyzeWorkspace([{ uri, root: '', path, format: result.format, document: result.document, flow: result.flow }], options);
  return [...result.findings, ...(linked.get(uri) ?? [])].filter((f) => f.ruleId === ruleId);
}

/** Runs a table: every case must produce exactly its expected findings, in document order. */
export function runFlowTable(ruleId: string, cases: readonly FlowCase[]): void {
  for (const c of cases) {
    it(c.expected.length ? `reports ${c.name}` : `stays quiet for ${c.name}`, c.todo ? { todo: c.todo } : {}, () => {
      const findings = flowFindings(ruleId, c);
      assert.equal(findings.length, c.expected.length, findings.map((f) => f.message).join('\n'));
      c.expected.forEach((e, i) => {
        const f = findings[i];
        assertRangeCovers(c.text, f.range, e.covers, e.nth ?? 0);
        if (e.message) assert.match(f.message, e.message);
        if (e.severity) assert.equal(f.severity, e.severity);
        if (e.related !== undefined) assert.equal(f.related?.length ?? 0, e.related, JSON.stringify(f.related?.map((r) => r.message)));
      });
    });
  }
}

/**
 * What a Node-RED function's code sends and where it read it: `at <- [field@"text read"]` per write (`~`: computed from
 * the field; `@-`: no place), `|` between outputs. With `readPlaces`, a reference with no place shows each place it was
 * read at instead (`@a|b`).
 */
export function functionPlaces(code: string, outputs = 1, readPlaces?: (r: Reference) => readonly { start: number; end: number }[]): string {
  const at = (r: { start: number; end: number }) => code.slice(r.start, r.end);
  const show = (out: PortOutput) =>
    out.writes
      .filter((w) => w.refs.length)
      .map((w) => `${w.at || "''"} <- [${w.refs.map((r) => `${r.field || "''"}${r.whole ? '' : '~'}@${r.end > r.start ? at(r) : readPlaces?.(r).map(at).join('|') || '-'}`).join(', ')}]`)
      .join(' ; ');
  const out = functionOutput(code, outputs);
  return out.ports ? out.ports.map(show).join(' | ') : show(out);
}
