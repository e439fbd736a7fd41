// The injection grammars, tokenized by vscode-textmate with the real Oniguruma engine on top of small host
// grammars that give YAML and JSON strings the scopes VS Code's own grammars use.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const HOSTS: Record<string, object> = {
  'source.yaml': {
    scopeName: 'source.yaml',
    patterns: [
      { begin: '#', end: '$', name: 'comment.line.number-sign.yaml' },
      { match: '[\\w.-]+(?=:)', name: 'entity.name.tag.yaml' },
      { match: '(?<=:\\s)[^#\\n]+', name: 'string.unquoted.plain.out.yaml' },
    ],
  },
  'source.json': {
    scopeName: 'source.json',
    patterns: [{ begin: '"', end: '"', name: 'string.quoted.double.json', patterns: [{ match: '\\\\.', name: 'constant.character.escape.json' }] }],
  },
};

let registry: textmate.Registry;

before(async () => {
  const wasm = readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const grammars = new Map<string, string>(manifest.contributes.grammars.map((g: { scopeName: string; path: string }) => [g.scopeName, path.join(ROOT, g.path)]));
  registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => {
      if (HOSTS[scope]) return textmate.parseRawGrammar(JSON.stringify(HOSTS[scope]), `${scope}.json`);
      const file = grammars.get(scope);
      return file ? textmate.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scope) => manifest.contributes.grammars.filter((g: { injectTo: string[] }) => g.injectTo.includes(scope)).map((g: { scopeName: string }) => g.scopeName),
  });
});

/** The scopes of each token whose text is `text` on `line`. */
async function scopesOf(scope: string, line: string, text: string): Promise<string[]> {
  const grammar = await registry.loadGrammar(scope);
  assert.ok(grammar, scope);
  const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
  const token = tokens.find((t) => line.slice(t.startIndex, t.endIndex) === text);
  assert.ok(token, `no token "${text}" in ${JSON.stringify(tokens.map((t) => line.slice(t.startIndex, t.endIndex)))}`);
  return token.scopes;
}

describe('syntax injections', () => {
  it('colours inventory risk levels by level', async () => {
    assert.ok((await scopesOf('source.yaml', '    risk: critical', 'critical')).includes('invalid.illegal.risk.critical.surface-review'));
    assert.ok((await scopesOf('source.yaml', '    risk: high', 'high')).includes('markup.deleted.risk.high.surface-review'));
    assert.ok((await scopesOf('source.yaml', '    risk: low  # fine', 'low')).includes('markup.inserted.risk.low.surface-review'));
    assert.ok(!(await scopesOf('source.yaml', '    name: high', 'high')).some((s) => s.includes('risk')));
  });

  it('marks secret references and ignore directives', async () => {
    assert.ok((await scopesOf('source.yaml', '      secretRef: n8n-credential:OpenAI API key', 'n8n-credential:OpenAI API key')).includes('variable.other.constant.secret-reference.surface-review'));
    assert.ok((await scopesOf('source.yaml', '    # surface-review-ignore scope/overbroad -- accepted', 'surface-review-ignore')).includes('keyword.other.directive.surface-review'));
  });

  it('marks embedded expressions inside flow JSON strings', async () => {
    const n8n = '"={{ $env.OPENAI_KEY }}"';
    assert.ok((await scopesOf('source.json', n8n, '=')).includes('keyword.operator.expression.n8n.surface-review'));
    assert.ok((await scopesOf('source.json', n8n, '$env')).includes('variable.language.surface-review'));
    assert.ok((await scopesOf('source.json', '"{{1.email}}"', '1')).includes('constant.numeric.module-ref.surface-review'));
    assert.ok((await scopesOf('source.json', '"Hello @{triggerBody()}"', 'triggerBody')).includes('support.function.wdl.surface-review'));
    assert.ok((await scopesOf('source.json', '"@parameters(\'apiKey\')"', "'apiKey'")).includes('meta.embedded.expression.surface-review'));
    assert.ok(!(await scopesOf('source.json', '"plain text"', 'plain text')).some((s) => s.includes('surface-review')));
  });
});
