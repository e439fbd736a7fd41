// JavaScript as the code steps of flows hold it (n8n Code nodes, Node-RED function nodes), parsed with acorn the way
// both readers need it: a script whose top level may `return` and `await`. Shared by codeTests.ts and nodeRedCode.ts.
import { parse, type AnyNode, type Program } from 'acorn';

const OPTIONS = { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true, allowHashBang: true } as const;

/** The code's syntax tree. Throws on a syntax error, or on nesting deeper than the parser's stack. */
export function parseScript(code: string): Program {
  return parse(code, OPTIONS);
}

/** The syntax nodes directly below `node`, in source order. */
export function syntaxChildren(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  // `for…in`, not `Object.entries`: the same keys in the same order (acorn's nodes inherit no enumerable property), with
  // no array of pairs built per node; the code readers call this for every node they look at.
  const fields = node as unknown as Record<string, unknown>;
  for (const key in fields) {
    if (key === 'loc' || key === 'range') continue;
    const value = fields[key];
    if (Array.isArray(value)) {
      for (const v of value) if (isSyntaxNode(v)) out.push(v);
    } else if (isSyntaxNode(value)) out.push(value);
  }
  return out;
}

function isSyntaxNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
