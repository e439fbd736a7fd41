// Runs the whole analysis on an inline document, as the editor and the CLI do.
import { analyze, type Finding } from '../../server/src/core/index.js';

export const TODAY = new Date('2026-06-15T12:00:00Z');

/** Findings of `ruleId` for `text`, analysed as the file `path`. */
export function findingsOf(ruleId: string, text: string, path = 'flow.json'): Finding[] {
  return analyze({ uri: `file:///ws/${path}`, path, text }, { today: TODAY }).findings.filter((f) => f.ruleId === ruleId);
}

/** An n8n workflow with the given nodes, pretty-printed one property per line like n8n exports. */
export function n8nWorkflow(nodes: object[], extra: object = {}): string {
  return JSON.stringify({ name: 'Test flow', nodes, connections: {}, ...extra }, null, 2);
}

/** An n8n HTTP Request node with header parameters. */
export function httpNode(headers: { name: string; value: string }[], parameters: object = {}): object {
  return {
    name: 'Call API',
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    parameters: { url: 'https://api.example.com/v1', sendHeaders: true, headerParameters: { parameters: headers }, ...parameters },
  };
}
