// Where untrusted data does harm (injection sinks) and which checks neutralise it, as data. Parameter names are the
// platforms' own (n8n node parameters, Workflow Definition Language inputs, Node-RED node properties, Make mappers).
import { byName } from './byName.js';

/** What a sink does with the value. */
export type SinkKind = 'sql' | 'nosql' | 'command' | 'code' | 'file' | 'url';

export interface SinkInfo {
  /** How a message names the place, before "of <node>": "the SQL query text". */
  readonly what: string;
  /** The attack, in a few words. */
  readonly attack: string;
  readonly cwe: string;
  /** How to fix it, one sentence. */
  readonly fix: string;
}

export const SINKS: Readonly<Record<SinkKind, SinkInfo>> = {
  sql: {
    what: 'the SQL query text',
    attack: 'SQL injection',
    cwe: 'CWE-89',
    fix: 'Pass the value as a query parameter (n8n: $1 with Query Parameters; SQL connectors: a parameterised query or stored procedure) instead of writing it into the query text, or validate it first.',
  },
  nosql: {
    what: 'the query document',
    attack: 'NoSQL operator injection',
    cwe: 'CWE-943',
    fix: 'Quote the value as a JSON string inside the query, or validate its type first.',
  },
  command: {
    what: 'the shell command',
    attack: 'command injection',
    cwe: 'CWE-78',
    fix: 'Do not build shell commands from input; if you must, allow only values that match a strict pattern (IF/Switch with a regex) and quote them.',
  },
  code: {
    what: 'the evaluated code',
    attack: 'code injection',
    cwe: 'CWE-94',
    fix: 'Do not eval or execute text derived from input; parse it as data instead.',
  },
  file: {
    what: 'the file path',
    attack: 'path traversal',
    cwe: 'CWE-22',
    fix: 'Build file paths from fixed folders and names you generate; if a name comes from input, allow only a strict pattern (no "/", "\\" or "..").',
  },
  url: {
    what: 'the host of the request URL',
    attack: 'server-side request forgery (SSRF)',
    cwe: 'CWE-918',
    fix: "Keep the scheme and host fixed and put input only into the URL's path or query; or check the URL against an allowlist first (IF on its prefix). A flow that must fetch any URL it is given should at least refuse private, loopback and link-local addresses (169.254.169.254 included) before the call.",
  },
};

/** A sink parameter of a node type. `operations`: only when the node's `operation` is one of these (`''` = not set). */
export interface SinkParam {
  readonly param: string;
  readonly kind: SinkKind;
  readonly operations?: readonly string[];
}

/**
 * n8n node types (short name, without the package prefix and without a `Tool` suffix) → sink parameters. Database
 * nodes run `query` only for the "Execute Query" operation; their insert/update/select operations and the
 * `options.queryReplacement` values are parameterised by n8n.
 */
export const N8N_SINKS: Readonly<Record<string, readonly SinkParam[]>> = byName<readonly SinkParam[]>({
  postgres: [{ param: 'query', kind: 'sql', operations: ['executeQuery', ''] }],
  mySql: [{ param: 'query', kind: 'sql', operations: ['executeQuery', ''] }],
  microsoftSql: [{ param: 'query', kind: 'sql', operations: ['executeQuery', ''] }],
  snowflake: [{ param: 'query', kind: 'sql', operations: ['executeQuery', ''] }],
  questDb: [{ param: 'query', kind: 'sql', operations: ['executeQuery', ''] }],
  crateDb: [{ param: 'query', kind: 'sql', operations: ['executeQuery', ''] }],
  timescaleDb: [{ param: 'query', kind: 'sql', operations: ['executeQuery', ''] }],
  oracleDatabase: [{ param: 'query', kind: 'sql', operations: ['execute', 'executeQuery', ''] }],
  mongoDb: [{ param: 'query', kind: 'nosql' }],
  executeCommand: [{ param: 'command', kind: 'command' }],
  ssh: [{ param: 'command', kind: 'command' }, { param: 'path', kind: 'file' }],
  readBinaryFile: [{ param: 'filePath', kind: 'file' }],
  readBinaryFiles: [{ param: 'fileSelector', kind: 'file' }],
  writeBinaryFile: [{ param: 'fileName', kind: 'file' }],
  readWriteFile: [{ param: 'fileSelector', kind: 'file' }, { param: 'fileName', kind: 'file' }],
  ftp: [{ param: 'path', kind: 'file' }, { param: 'oldPath', kind: 'file' }, { param: 'newPath', kind: 'file' }],
  httpRequest: [{ param: 'url', kind: 'url' }],
  graphql: [{ param: 'endpoint', kind: 'url' }],
});

/** n8n node types whose code parameter runs as code. */
export const N8N_CODE_PARAMS: Readonly<Record<string, readonly string[]>> = byName<readonly string[]>({
  code: ['jsCode', 'pythonCode', 'code'],
  function: ['functionCode'],
  functionItem: ['functionCode'],
  toolCode: ['jsCode', 'pythonCode'],
});

/** Node-RED node types → where their sink value comes from: a property, or (when it is empty) a `msg` field. */
export interface NodeRedSink {
  readonly kind: SinkKind;
  /** The property holding a fixed value or a mustache template. */
  readonly prop?: string;
  /** The `msg` field used when `prop` is empty (or always, when `prop` is absent). */
  readonly msgField: string;
}

export const NODE_RED_SINKS: Readonly<Record<string, NodeRedSink>> = byName<NodeRedSink>({
  'http request': { kind: 'url', prop: 'url', msgField: 'url' },
  file: { kind: 'file', prop: 'filename', msgField: 'filename' },
  'file in': { kind: 'file', prop: 'filename', msgField: 'filename' },
  mysql: { kind: 'sql', msgField: 'topic' },
  postgresql: { kind: 'sql', prop: 'query', msgField: 'query' },
  postgres: { kind: 'sql', msgField: 'payload' },
  MSSQL: { kind: 'sql', prop: 'query', msgField: 'query' },
});

/** Make modules (by app, or `app:Module`) → mapper fields that are sinks; the key of a mapper field is matched in lower case. */
export const MAKE_SINKS: Readonly<Record<string, Readonly<Record<string, SinkKind>>>> = byName<Readonly<Record<string, SinkKind>>>({
  http: byName({ url: 'url' }),
  mysql: byName({ query: 'sql', sql: 'sql', statement: 'sql' }),
  postgres: byName({ query: 'sql', sql: 'sql', statement: 'sql' }),
  mssql: byName({ query: 'sql', sql: 'sql', statement: 'sql' }),
  ssh: byName({ command: 'command', path: 'file' }),
  ftp: byName({ path: 'file', folder: 'file', filename: 'file' }),
  sftp: byName({ path: 'file', folder: 'file', filename: 'file' }),
});

/** Zapier apps → params that are sinks. */
export const ZAPIER_SINKS: Readonly<Record<string, Readonly<Record<string, SinkKind>>>> = byName<Readonly<Record<string, SinkKind>>>({
  WebHook: byName({ url: 'url' }),
  MySQL: byName({ query: 'sql' }),
  PostgreSQL: byName({ query: 'sql' }),
  SQLServer: byName({ query: 'sql' }),
});

/**
 * Markers of code that evaluates or executes text (JavaScript, Python, PowerShell, C#). A code node with one of these
 * that reads untrusted data is a code-injection sink. Matched case-sensitively as plain substrings.
 */
export const CODE_EXECUTION_MARKERS: readonly string[] = [
  'eval(',
  'new Function(',
  'child_process',
  'execSync(',
  'spawnSync(',
  'vm.runIn',
  'runInNewContext(',
  'runInThisContext(',
  'exec(', // Python's exec(text); a method of that name (`re.exec(`) is not this marker
  'os.system(',
  'os.popen(',
  'subprocess.',
  '__import__(',
  'Invoke-Expression',
  'Process.Start(',
  'CSharpScript.',
];

/**
 * How a validation step constrains a value:
 * - `equals`, `type`, `code`: an equality, a number/boolean/date type, code that throws on bad input;
 * - `pattern`: a regular expression anchored at both ends (`^[a-z0-9-]+$`), or a format that allows only a few
 *   characters (a date, a UUID);
 * - `base-url`: a prefix (or a regex anchored at its start) that ends the host (`https://api.example.com/`): it fixes
 *   where a request goes, and nothing else;
 * - `host`: a host name or IP address (schema format `hostname`, `ipv4`; n8n `isDomain()`): its characters are
 *   restricted, but any host passes;
 * - `prefix`: a prefix that does not end the host (`https://api.example.com` lets `https://api.example.com.evil.net` through);
 * - `partial-pattern`: a regular expression not anchored at both ends (`[a-z]+` matches inside `a; rm -rf /`);
 * - `loose-pattern`: a regular expression anchored at both ends that lets any character through (`^.*$`, `^[^@]+$`, `\S+`);
 * - `presence`: it is there, or not empty; `other`: anything else (contains, a length limit, an e-mail or URL format).
 */
export type CheckOp = 'equals' | 'pattern' | 'type' | 'base-url' | 'host' | 'prefix' | 'partial-pattern' | 'loose-pattern' | 'code' | 'presence' | 'other';

/**
 * Which checks stop which attacks. An equality or a whole-value pattern (or a code step that throws on bad input) makes
 * a value safe for every sink; a base URL that ends the host only for URLs; a host name, or a number/boolean/date type,
 * for every sink but URLs: any host passes the one, and one number names any IPv4 address (`http://2852039166/` is
 * 169.254.169.254) in the other, as for a value converted to a number; the others for none.
 */
export function checkNeutralises(op: CheckOp, kind: SinkKind): boolean {
  switch (op) {
    case 'equals':
    case 'pattern':
    case 'code':
      return true;
    case 'base-url':
      return kind === 'url';
    case 'host':
    case 'type':
      return kind !== 'url';
    default:
      return false;
  }
}

/** n8n filter/IF/Switch operations → check kinds (v2 `operator.operation`, v1 `operation`). */
export const N8N_CHECK_OPS: Readonly<Record<string, CheckOp>> = byName<CheckOp>({
  equals: 'equals',
  equal: 'equals',
  regex: 'pattern',
  matchRegex: 'pattern',
  startsWith: 'prefix',
  exists: 'presence',
  notExists: 'presence',
  empty: 'presence',
  notEmpty: 'presence',
  isEmpty: 'presence',
  isNotEmpty: 'presence',
  true: 'type',
  false: 'type',
});

/** Node-RED switch rule types → check kinds. */
export const NODE_RED_CHECK_OPS: Readonly<Record<string, CheckOp>> = byName<CheckOp>({
  eq: 'equals',
  regex: 'pattern',
  istype: 'type',
  btwn: 'type',
  lt: 'type',
  lte: 'type',
  gt: 'type',
  gte: 'type',
  true: 'type',
  false: 'type',
  null: 'presence',
  nnull: 'presence',
  empty: 'presence',
  nempty: 'presence',
});

/**
 * Make filter operators (`o`), by their part before any `:ci` → check kinds; `number:*` are type checks, `date:*` restrict
 * nothing (a date text may carry more), and `boolean:*` are an equality or nothing, by the value compared with (see
 * `filterOp` and `booleanOp` in dataflow/make.ts).
 */
export const MAKE_CHECK_OPS: Readonly<Record<string, CheckOp>> = byName<CheckOp>({
  'text:equal': 'equals',
  'text:pattern': 'pattern',
  'text:startwith': 'prefix',
  exist: 'presence',
  notexist: 'presence',
});

/**
 * Zapier Filter conditions (`filter_criteria[].match`) → check kinds; Zapier prefixes the case-insensitive forms with `i`
 * (`iexact`, `igreater`, `iexist`), read as the plain ones. *Is in* compares with a list of literals. A number, boolean
 * or date/time comparison restricts nothing: Zapier compares the field as that type and passes it on as it was, and its
 * help does not say that a text of another type fails it. Others (contains, ends with, the `not_` forms) restrict nothing.
 */
export const ZAPIER_FILTER_OPS: Readonly<Record<string, CheckOp>> = byName<CheckOp>({
  exact: 'equals',
  in: 'equals',
  greater: 'other',
  less: 'other',
  bool_true: 'other',
  bool_false: 'other',
  date_after: 'other',
  date_before: 'other',
  date_equals: 'other',
  exist: 'presence',
  startswith: 'prefix',
});

/** Workflow Definition Language predicate functions → check kinds. */
export const WDL_CHECK_OPS: Readonly<Record<string, CheckOp>> = byName<CheckOp>({
  equals: 'equals',
  greater: 'type',
  greaterorequals: 'type',
  less: 'type',
  lessorequals: 'type',
  startswith: 'prefix',
  empty: 'presence',
});
