// Every regular-expression literal in the core's source, found with the TypeScript parser (so none is missed
// when a rule or a knowledge file adds one).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export interface RegexLiteral {
  readonly file: string;
  readonly line: number;
  readonly source: string;
  readonly flags: string;
}

const CORE = path.resolve(__dirname, '../../server/src/core');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : name.endsWith('.ts') ? [full] : [];
  });
}

export function coreRegexes(): RegexLiteral[] {
  const out: RegexLiteral[] = [];
  for (const file of files(CORE)) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(sf);
        const slash = literal.lastIndexOf('/');
        out.push({ file: path.relative(CORE, file), line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, source: literal.slice(1, slash), flags: literal.slice(slash + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}
