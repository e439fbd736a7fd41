// A small reader of one Workflow Definition Language expression (`@equals(triggerOutputs()?['headers']?['x-key'],
// parameters('key'))`) into a tree: literals, function calls and member access. For checks that need to know what an
// expression holds as a whole (and/or/not, which side is what); the data-flow describers scan expressions for
// references instead (dataflow/wdl.ts).

/** A Workflow Definition Language expression. */
export type Wdl =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** A number or `null`. */
  | { readonly kind: 'other' }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Wdl[] }
  /** `target['key']`, `target?['key']`, `target.key`; `key` undefined when it is not a literal. */
  | { readonly kind: 'member'; readonly target: Wdl; readonly key: string | undefined };

/** Longest expression read; deepest nesting (a parsed tree is never deeper). */
const MAX_EXPRESSION = 4_000;
export const MAX_NESTING = 32;

/**
 * An expression (`@equals(…)`, or `@{…}` around the whole), parsed; undefined when it is not one
 * expression this reader knows (then it is not counted as a check).
 */
export function parseWdlExpression(text: string | undefined): Wdl | undefined {
  let source = text?.trim() ?? '';
  if (!source.startsWith('@') || source.length > MAX_EXPRESSION) return undefined;
  source = source.startsWith('@{') && source.endsWith('}') ? source.slice(2, -1) : source.slice(1);
  let at = 0;
  const space = () => {
    while (at < source.length && /\s/.test(source[at])) at++;
  };
  const expression = (depth: number): Wdl | undefined => {
    if (depth > MAX_NESTING) return undefined;
    space();
    let value: Wdl | undefined;
    if (source[at] === "'") {
      let text = '';
      for (at++; ; at++) {
        if (at >= source.length) return undefined;
        if (source[at] !== "'") text += source[at];
        else if (source[at + 1] === "'") {
          text += "'";
          at++;
        } else break;
      }
      at++;
      value = { kind: 'string', value: text };
    } else {
      const word = /^(?:-?\d+(?:\.\d+)?|[A-Za-z_]\w*)/.exec(source.slice(at, at + 256))?.[0];
      if (!word) return undefined;
      at += word.length;
      space();
      if (/^[A-Za-z_]/.test(word) && source[at] === '(') {
        at++;
        const args: Wdl[] = [];
        space();
        if (source[at] === ')') at++;
        else {
          for (;;) {
            const arg = expression(depth + 1);
            if (!arg) return undefined;
            args.push(arg);
            space();
            if (source[at] === ',') at++;
            else if (source[at] === ')') {
              at++;
              break;
            } else return undefined;
          }
        }
        value = { kind: 'call', name: word.toLowerCase(), args };
      } else if (/^(?:true|false)$/i.test(word)) value = { kind: 'boolean', value: word.toLowerCase() === 'true' };
      else if (/^(?:null|-?\d.*)$/i.test(word)) value = { kind: 'other' };
      else return undefined;
    }
    for (;;) {
      space();
      const optional = source[at] === '?';
      const next = source[at + (optional ? 1 : 0)];
      if (next === '[') {
        at += optional ? 2 : 1;
        const key = expression(depth + 1);
        space();
        if (!key || source[at] !== ']') return undefined;
        at++;
        value = { kind: 'member', target: value, key: key.kind === 'string' ? key.value : undefined };
      } else if (next === '.') {
        at += optional ? 2 : 1;
        const name = /^[A-Za-z_][\w-]*/.exec(source.slice(at, at + 256))?.[0];
        if (!name) return undefined;
        at += name.length;
        value = { kind: 'member', target: value, key: name };
      } else return value;
    }
  };
  const parsed = expression(0);
  space();
  return parsed && at === source.length ? parsed : undefined;
}
