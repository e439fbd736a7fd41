// Lint: typescript-eslint recommended, plus the layer boundaries of DESIGN.md §2 as import rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'examples/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', location: 'readonly', document: 'readonly', MutationObserver: 'readonly', exports: 'writable', performance: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', describe: 'readonly', it: 'readonly', before: 'readonly', after: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-empty': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'The core is pure: no Node built-ins (DESIGN.md §2).' })),
        patterns: [
          { group: ['vscode', 'vscode-*'], message: 'The core has no editor imports (DESIGN.md §2).' },
          { group: ['**/lsp/**', '**/cli/**', '**/client/**'], message: 'Dependencies point inward: the core imports no adapter.' },
        ],
      }],
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval', 'fetch', 'require'],
    },
  },
  {
    files: ['server/src/lsp/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['vscode', '**/cli/**', '**/client/**'], message: 'The LSP adapter sits on the core only.' }] }],
    },
  },
  {
    files: ['server/src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['vscode', 'vscode-*', '**/lsp/**', '**/client/**'], message: 'The CLI sits on the core only.' }] }],
    },
  },
  {
    files: ['server/src/git/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['vscode', 'vscode-*', '**/lsp/**', '**/cli/**', '**/client/**'], message: 'Reading git serves the CLI and the language server alike: it sits on the core only.' }] }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/core/**', '**/lsp/**', '**/cli/**'], message: 'The client talks to the server through protocol.ts only.' }] }],
    },
  },
);
