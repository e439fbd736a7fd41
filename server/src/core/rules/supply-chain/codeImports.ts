// The packages a code step loads, read from its import statements only. A small tokenizer walks the code once and
// skips comments and the contents of strings, so a name in a comment (`// the data from "Query 1"`) or in a message
// (`' from ' + e.school`) is not taken for a module.
import { NODE_BUILTIN_MODULES, PYODIDE_MODULES, PYTHON_STDLIB_MODULES } from '../../knowledge/runtimeModules.js';

interface Token {
  readonly kind: 'name' | 'string' | 'punct' | 'eol';
  /** The name, the punctuation character (`${` opens a template substitution, `` ` `` ends a template that has one), or a string's contents (escapes left as written). */
  readonly text: string;
}

/** How many packages one code step is reported with, at most. */
const MAX_PACKAGES = 20;

/** The npm shape of a package name (`lodash`, `@signpdf/signpdf`); relative paths, URLs and prose do not match. */
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** The project name at the start of a pip requirement (`beautifulsoup4` of `beautifulsoup4==4.12`). */
const PIP_NAME = /^[A-Za-z0-9][\w.-]{0,100}/;

/**
 * What {@link PythonPackages.installs} holds for a `micropip.install` of a wheel by its URL or path
 * (`https://…/x-1.0-py3-none-any.whl`, `emfs:/…`): it does not come from PyPI, and the URL may hold a token.
 */
export const WHEEL_FROM_URL = 'a wheel from a URL';

/** JavaScript keywords after which `/` starts a regular expression, not a division. */
const REGEX_AFTER = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** Python string prefixes (`r'…'`, `f"…"`, `rb'…'`), lower-cased. */
const PYTHON_STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);

/**
 * The npm packages JavaScript code loads with `require('x')`, `import … from 'x'`, `import 'x'`, `import('x')` or
 * `export … from 'x'`: package names (`lodash`, `@scope/name`; `lodash/fp` counts as `lodash`), in order of first
 * use, without Node.js built-ins, `node:` modules and relative paths. At most 20.
 */
export function javaScriptPackages(code: string): string[] {
  // Every statement that loads a package names one of these words: most code steps hold none and are not tokenized.
  if (!code.includes('require') && !code.includes('import') && !code.includes('export')) return [];
  const found = new Set<string>();
  const tokens = javaScriptTokens(code);
  tokens.forEach((t, i) => {
    if (t.kind !== 'name' || isPunct(tokens[i - 1], '.')) return;
    const next = tokens[i + 1];
    let specifier: Token | undefined;
    if ((t.text === 'require' || t.text === 'import') && isPunct(next, '(')) specifier = tokens[i + 2];
    else if (t.text === 'import' || t.text === 'from') specifier = next;
    if (specifier?.kind !== 'string') return;
    const name = npmPackage(specifier.text);
    if (name && found.size < MAX_PACKAGES) found.add(name);
  });
  return [...found];
}

/** What Python code loads beyond its runtime: the packages it imports, and those it installs with `micropip.install`. */
export interface PythonPackages {
  /** Top-level modules of `import x` / `from x import y` that are neither the standard library nor Pyodide's own. */
  readonly imports: string[];
  /** Projects installed from PyPI when the code runs (`await micropip.install("beautifulsoup4")`); {@link WHEEL_FROM_URL} for a wheel given by its URL. */
  readonly installs: string[];
}

/** The third-party packages Python code imports (`import x.y`, `from x import y`) and installs; at most 20 of each. */
export function pythonPackages(code: string): PythonPackages {
  // `import x` and `from x import y` both say import; installs go through micropip: without either, nothing to read.
  if (!code.includes('import') && !code.includes('micropip')) return { imports: [], installs: [] };
  const imports = new Set<string>();
  const installs = new Set<string>();
  const add = (set: Set<string>, name: string | undefined) => {
    if (name && set.size < MAX_PACKAGES) set.add(name);
  };
  const tokens = pythonTokens(code);
  let statementStart = true;
  tokens.forEach((t, i) => {
    const atStart = statementStart;
    statementStart = t.kind === 'eol' || isPunct(t, ';') || isPunct(t, ':');
    if (t.kind !== 'name') return;
    if (atStart && t.text === 'from') add(imports, pythonModule(tokens[i + 1]));
    else if (atStart && t.text === 'import') {
      // import a.b as c, d: the first name after `import` and after each comma of the statement
      for (let j = i + 1, expectName = true; j < tokens.length && tokens[j].kind !== 'eol' && !isPunct(tokens[j], ';'); j++) {
        if (expectName) add(imports, pythonModule(tokens[j]));
        expectName = isPunct(tokens[j], ',');
      }
    } else if (t.text === 'micropip' && isPunct(tokens[i + 1], '.') && tokens[i + 2]?.text === 'install' && isPunct(tokens[i + 3], '(')) {
      // micropip.install("a") or micropip.install(["a", "b"])
      for (let j = i + 4; tokens[j]?.kind === 'string' || isPunct(tokens[j], '[') || isPunct(tokens[j], ','); j++) {
        if (tokens[j].kind === 'string') add(installs, isWheelLocation(tokens[j].text) ? WHEEL_FROM_URL : PIP_NAME.exec(tokens[j].text)?.[0]);
      }
    }
  });
  return { imports: [...imports], installs: [...installs] };
}

/** A micropip requirement that names a wheel by its location (a URL, `emfs:` or a path), not a project on PyPI. */
function isWheelLocation(requirement: string): boolean {
  const text = requirement.trim().toLowerCase();
  return text.includes('://') || text.startsWith('emfs:') || text.startsWith('/') || text.startsWith('.') || text.endsWith('.whl');
}

function isPunct(token: Token | undefined, char: string): boolean {
  return token?.kind === 'punct' && token.text === char;
}

/** The npm package a module specifier names, or undefined for built-ins, relative paths and anything not shaped like a package. */
function npmPackage(specifier: string): string | undefined {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (name.length > 214 || !NPM_NAME.test(name) || NODE_BUILTIN_MODULES.has(name)) return undefined;
  return name;
}

/** The top-level module a Python import names (`os` of `os.path`), or undefined for a relative import and the runtime's own. */
function pythonModule(token: Token | undefined): string | undefined {
  if (token?.kind !== 'name' || isDigit(token.text.charCodeAt(0))) return undefined;
  return PYTHON_STDLIB_MODULES.has(token.text) || PYODIDE_MODULES.has(token.text) ? undefined : token.text;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95 || c === 36 || c > 127; // a-z A-Z 0-9 _ $ non-ASCII
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}

/** The end of a name that starts at `i`. */
function nameEnd(code: string, i: number): number {
  while (i < code.length && isNameChar(code.charCodeAt(i))) i++;
  return i;
}

/** The index of the quote that closes a one-line string opened at `start`, or of the line break (or end) where it stops. */
function quotedEnd(code: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < code.length && code[i] !== quote && code[i] !== '\n') i += code[i] === '\\' ? 2 : 1;
  return Math.min(i, code.length);
}

/** JavaScript tokens: names, string contents and punctuation; comments, template text and regular expressions left out. */
function javaScriptTokens(code: string): Token[] {
  const tokens: Token[] = [];
  /** The brace depth at each open `${` of a template literal, innermost last. */
  const substitutions: number[] = [];
  let depth = 0;
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    const code1 = code.charCodeAt(i);
    if (isSpace(code1) || c === '\n') i++;
    else if (c === '/' && code[i + 1] === '/') i = lineEnd(code, i);
    else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end === -1 ? code.length : end + 2;
    } else if (c === '"' || c === "'") {
      const end = quotedEnd(code, i, c);
      tokens.push({ kind: 'string', text: code.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '`' || (c === '}' && substitutions.at(-1) === depth)) {
      // template text up to the closing backtick or the next `${`; a template without substitutions is a string
      if (c === '}') substitutions.pop();
      let j = i + 1;
      while (j < code.length && code[j] !== '`' && !(code[j] === '$' && code[j + 1] === '{')) j += code[j] === '\\' ? 2 : 1;
      if (code[j] === '$') {
        substitutions.push(depth);
        tokens.push({ kind: 'punct', text: '${' });
        i = j + 2;
      } else {
        tokens.push(c === '`' ? { kind: 'string', text: code.slice(i + 1, j) } : { kind: 'punct', text: '`' });
        i = j + 1;
      }
    } else if (c === '/' && regexMayStart(tokens.at(-1))) {
      i = regexEnd(code, i);
      tokens.push({ kind: 'punct', text: '/' });
    } else if (isNameChar(code1)) {
      const end = nameEnd(code, i);
      tokens.push({ kind: 'name', text: code.slice(i, end) });
      i = end;
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
      tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return tokens;
}

function lineEnd(code: string, i: number): number {
  const end = code.indexOf('\n', i);
  return end === -1 ? code.length : end;
}

/** Whether a `/` after `previous` starts a regular expression: after an operator, an opening bracket or a keyword, not after a value. */
function regexMayStart(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'name') return REGEX_AFTER.has(previous.text);
  return previous.kind === 'punct' && previous.text !== ')' && previous.text !== ']' && previous.text !== '}' && previous.text !== '`';
}

/** The index after a regular expression literal that starts at `start` (and its flags); it ends at the latest at the line's end. */
function regexEnd(code: string, start: number): number {
  let inClass = false;
  let i = start + 1;
  for (; i < code.length && code[i] !== '\n'; i++) {
    const c = code[i];
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return nameEnd(code, i + 1);
  }
  return i;
}

/** Python tokens: names, string contents, punctuation and the ends of logical lines (`eol`); comments left out. */
function pythonTokens(code: string): Token[] {
  const tokens: Token[] = [];
  let brackets = 0;
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    const code1 = code.charCodeAt(i);
    if (isSpace(code1)) i++;
    else if (c === '\n') {
      if (brackets === 0) tokens.push({ kind: 'eol', text: '\n' });
      i++;
    } else if (c === '\\' && (code[i + 1] === '\n' || code[i + 1] === '\r')) i += 2; // line continuation
    else if (c === '#') i = lineEnd(code, i);
    else if (c === '"' || c === "'") i = pythonString(code, i, tokens);
    else if (isNameChar(code1)) {
      const end = nameEnd(code, i);
      const name = code.slice(i, end);
      if ((code[end] === '"' || code[end] === "'") && PYTHON_STRING_PREFIXES.has(name.toLowerCase())) i = pythonString(code, end, tokens);
      else {
        tokens.push({ kind: 'name', text: name });
        i = end;
      }
    } else {
      if (c === '(' || c === '[' || c === '{') brackets++;
      else if (c === ')' || c === ']' || c === '}') brackets = Math.max(0, brackets - 1);
      tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return tokens;
}

/** Reads the Python string (one-line or triple-quoted) whose quote is at `start` into `tokens`; returns the index after it. */
function pythonString(code: string, start: number, tokens: Token[]): number {
  const quote = code[start];
  const triple = quote.repeat(3);
  if (!code.startsWith(triple, start)) {
    const end = quotedEnd(code, start, quote);
    tokens.push({ kind: 'string', text: code.slice(start + 1, end) });
    return code[end] === quote ? end + 1 : end; // an unclosed string stops at the line break, which still ends the line
  }
  let i = start + 3;
  while (i < code.length && !code.startsWith(triple, i)) i += code[i] === '\\' ? 2 : 1;
  tokens.push({ kind: 'string', text: code.slice(start + 3, i) });
  return i + 3;
}
