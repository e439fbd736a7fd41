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

export type Args = CheckArgs | { readonly command: 'help' } | { readonly command: 'version' };

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

Exit codes: 0 no finding reaches --fail-on, 1 one does, 2 bad usage or unreadable input.`;

/** Parses `argv` (without node and the script). Throws {@link UsageError} with a plain-words reason. */
export function parseArgs(argv: readonly string[]): Args {
  if (argv.includes('-h') || argv.includes('--help')) return { command: 'help' };
  if (argv.includes('--version')) return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given: try "surface-review check ."');
  if (command !== 'check') throw new UsageError(`unknown command "${command}": the command is "check"`);
  const paths: string[] = [];
  let format: OutputFormat = 'text';
  let output: string | undefined;
  let config: string | undefined;
  let failOn: FailOn = 'error';
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq !== -1 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
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
  }
  return { command: 'check', paths: paths.length ? paths : ['.'], format, output, config, failOn };
}
