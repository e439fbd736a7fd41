// Command-line arguments of `surface-review` (DESIGN §8), parsed without a library: the grammar is small.

export type OutputFormat = 'text' | 'json' | 'sarif' | 'csv' | 'markdown' | 'html';
export type FailOn = 'error' | 'warning' | 'info' | 'never';

export interface CheckArgs {
  readonly command: 'check';
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly output?: string;
  readonly config?: string;
  readonly failOn: FailOn;
}

/** `surface-review inventory [PATH...] [--output FILE]`: a draft inventory generated from the flows (merged into FILE). */
export interface InventoryArgs {
  readonly command: 'inventory';
  readonly paths: readonly string[];
  readonly output?: string;
}

export type DiffFormat = 'text' | 'json' | 'sarif' | 'markdown';

/** `surface-review diff --base REV [PATH...]`: what changed in the integration surfaces since a git revision. */
export interface DiffArgs {
  readonly command: 'diff';
  readonly base: string;
  readonly paths: readonly string[];
  readonly format: DiffFormat;
  readonly output?: string;
  readonly config?: string;
}

export type Args = CheckArgs | InventoryArgs | DiffArgs | { readonly command: 'help' } | { readonly command: 'version' };

export class UsageError extends Error {}

const FORMATS = ['text', 'json', 'sarif', 'csv', 'markdown', 'html'];
const FAIL_ON = ['error', 'warning', 'info', 'never'];

export const USAGE = `Usage: surface-review check [PATH...] [options]

Reviews no-code exports (n8n, Power Automate, Logic Apps, Node-RED, Make, Zapier) and surface
inventories. Directories are walked recursively (node_modules and .git are skipped).

Options:
  --format FORMAT         text, json, sarif, csv, markdown or html (default: text)
  --output FILE           write the output to FILE instead of standard output
  --config FILE           the review policy (default: .surface-review.yaml in the current directory)
  --fail-on LEVEL         error|warning|info|never: exit 1 when a finding reaches LEVEL (default: error)
  -h, --help              show this help
  --version               show the version

Exit codes: 0 no finding reaches --fail-on, 1 one does, 2 bad usage or unreadable input.

       surface-review inventory [PATH...] [--output FILE]

Generates a draft surface inventory from the flows under PATH: one entry per surface no inventory documents yet,
with owner, classification and risk left as TODO placeholders. With --output, an existing FILE is merged into
(entries are added, entries whose flow is gone are marked retired, nothing written by a person is changed);
without it, the inventory is printed. Exit codes: 0 done, 2 bad usage or unreadable input.

       surface-review diff --base REV [PATH...] [--format text|json|sarif|markdown] [--output FILE] [--config FILE]

Compares the surfaces and findings under PATH at the git revision REV with the working tree: surfaces added,
removed and changed (endpoint, auth, scopes, owner, classification, risk) and findings new since REV.
Exit codes: 0 nothing to block, 1 a change adds an error-level finding or widens a scope, 2 bad usage or input.`;

/** Parses `argv` (without node and the script). Throws {@link UsageError} with a plain-words reason. */
export function parseArgs(argv: readonly string[]): Args {
  if (argv.includes('-h') || argv.includes('--help')) return { command: 'help' };
  if (argv.includes('--version')) return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given: try "surface-review check ."');
  if (command === 'inventory' || command === 'diff') return parseMore(command, rest);
  if (command !== 'check') throw new UsageError(`unknown command "${command}": the commands are "check", "inventory" and "diff"`);
  const paths: string[] = [];
  let format: OutputFormat = 'text';
  let output: string | undefined;
  let config: string | undefined;
  let failOn: FailOn = 'error';
  eachArg(rest, (flag, value, arg) => {
    switch (flag) {
      case '--format': {
        const v = value();
        if (!FORMATS.includes(v)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${v}"`);
        format = v as OutputFormat;
        break;
      }
      case '--output':
        output = value();
        break;
      case '--config':
        config = value();
        break;
      case '--fail-on': {
        const v = value();
        if (!FAIL_ON.includes(v)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${v}"`);
        failOn = v as FailOn;
        break;
      }
      default:
        if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
        paths.push(arg);
    }
  });
  return { command: 'check', paths: paths.length ? paths : ['.'], format, output, config, failOn };
}

const DIFF_FORMATS = ['text', 'json', 'sarif', 'markdown'];

/**
 * Calls `visit` for each argument with its flag (`--flag` of `--flag=value`, else the argument itself), a `value()`
 * that reads the flag's value (inline, or the next argument) and the raw argument.
 */
function eachArg(rest: readonly string[], visit: (flag: string, value: () => string, arg: string) => void): void {
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq !== -1 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    visit(flag, () => {
      const v = inline ?? rest[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    }, arg);
  }
}

/** The `inventory` and `diff` commands' arguments. */
function parseMore(command: 'inventory' | 'diff', rest: readonly string[]): InventoryArgs | DiffArgs {
  const paths: string[] = [];
  let format: DiffFormat = 'text';
  let output: string | undefined;
  let config: string | undefined;
  let base: string | undefined;
  eachArg(rest, (flag, value, arg) => {
    if (flag === '--output') output = value();
    else if (command === 'diff' && flag === '--base') base = value();
    else if (command === 'diff' && flag === '--config') config = value();
    else if (command === 'diff' && flag === '--format') {
      const v = value();
      if (!DIFF_FORMATS.includes(v)) throw new UsageError(`--format must be one of ${DIFF_FORMATS.join(', ')}, not "${v}"`);
      format = v as DiffFormat;
    } else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag} for "${command}"`);
    else paths.push(arg);
  });
  const given = paths.length ? paths : ['.'];
  if (command === 'inventory') return { command, paths: given, output };
  if (base === undefined || !base.trim()) throw new UsageError('diff needs --base REV (a git revision: a branch, tag or commit)');
  return { command, base, paths: given, format, output, config };
}
