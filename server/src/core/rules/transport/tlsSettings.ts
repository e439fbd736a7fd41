// What turns TLS certificate checks off: settings by key, and the same written in code a flow holds. Detection only;
// the rule (tls-verification-disabled.ts) words the findings.
import type { StringVisit, WalkPosition } from '../../walk.js';

/** Settings that turn certificate checks off, by key, with the value that means "off". */
const SETTINGS: ReadonlyMap<string, boolean> = new Map([
  ['allowunauthorizedcerts', true], // n8n HTTP Request and many n8n nodes / credentials
  ['ignoresslissues', true], // n8n
  ['rejectunauthorized', false], // Node.js TLS options, Node-RED
  ['verifyservercert', false], // Node-RED tls-config
  ['insecure', true],
  ['skiptlsverify', true],
  ['strictssl', false],
  ['sslverify', false],
  ['verifyssl', false],
  ['verify_ssl', false],
  ['tlsinsecure', true],
  ['disablesslverification', true],
  ['skipsslcertificatevalidation', true], // n8n's request helpers (this.helpers.httpRequest options)
]);

/** The lengths of SETTINGS' keys: other keys are not lower-cased to be looked up. */
const KEY_LENGTHS = new Set([...SETTINGS.keys()].map((k) => k.length));

/**
 * What a string must contain for IN_CODE to match in it: literals only, tested on every string of every document (a
 * handful of literal alternatives keeps it a fast scan; measured on the corpus it costs a few ms over all its strings).
 */
const CODE_HINT = /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|verify\s*=|skipSslCertificateValidation|_create_unverified_context|CERT_NONE/;

/**
 * The same, written in code held by the flow (Code/Function nodes): Node.js options and assignments, quoted or not
 * (`rejectUnauthorized: false`, `https.globalAgent.options.rejectUnauthorized = false`), the environment variable in
 * either form (`process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'`, `process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0'`),
 * n8n's request helpers (`skipSslCertificateValidation: true`), Python `verify=False`,
 * `ssl._create_unverified_context()` and `verify_mode = ssl.CERT_NONE`. `==` and `===` compare, they do not assign.
 */
const IN_CODE =
  /(?:\[?["'])?rejectUnauthorized["']?\]?\s*(?::|=(?!=))\s*false\b|(?:\[?["'])?NODE_TLS_REJECT_UNAUTHORIZED["']?\]?\s*=(?!=)\s*["']?0\b["']?|(?:\[?["'])?skipSslCertificateValidation["']?\s*(?::|=(?!=))\s*true\b|verify\s*=\s*False\b|\b_create_unverified_context\s*\(\s*\)|\b(?:verify_mode|cert_reqs)\s*=(?!=)\s*(?:ssl\.)?["']?CERT_NONE\b/g;

/** Fields that hold a shell command or code that may run one (n8n Execute Command, Node-RED exec, Code nodes). */
const COMMAND_FIELDS = new Set(['command', 'jsCode', 'pythonCode', 'functionCode', 'func', 'code']);

/** A `curl` or `wget` command word. */
const COMMAND_WORD = /\b(curl|wget)\b/g;
/** What ends a command: a line break, `;`, a pipe or `&`. */
const COMMAND_END = /[\n;|&]/;
/** A word of a command (an option or argument), without the blanks and quotes around it. */
const WORD = /[^\s"']+/g;
const SHORT_OPTIONS = /^-[a-zA-Z]+$/;

/**
 * curl's `-k` (alone or among other short options, `-sk`) or `--insecure`, and wget's `--no-check-certificate`, in the
 * command that starts at each `curl`/`wget`: the option's place in `value` and its text. Read word by word (a pattern
 * that skipped to the option backtracked on long commands).
 */
function insecureOptions(value: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  for (const m of value.matchAll(COMMAND_WORD)) {
    const from = m.index + m[0].length;
    const stop = value.slice(from).search(COMMAND_END);
    const command = value.slice(from, stop === -1 ? undefined : from + stop);
    for (const w of command.matchAll(WORD)) {
      const word = w[0];
      const insecure = m[1] === 'curl' ? word === '--insecure' || (SHORT_OPTIONS.test(word) && word.includes('k')) : word === '--no-check-certificate';
      if (!insecure) continue;
      const start = from + w.index;
      out.push({ start, end: start + word.length, text: `${m[1]} ${word}` });
      break;
    }
  }
  return out;
}

/** A place that turns certificate checks off: a setting (`key: value`) or a statement in code (characters of a string). */
export type TlsOff =
  | { readonly kind: 'setting'; readonly pointer: string; readonly key: string; readonly value: unknown }
  | { readonly kind: 'code'; readonly pointer: string; readonly start: number; readonly end: number; readonly text: string };

/** Walk handlers that collect the places where a document turns certificate checks off. */
export interface TlsScanner {
  readonly string: (visit: StringVisit) => void;
  readonly member: (key: string, value: unknown, at: WalkPosition) => void;
  readonly found: TlsOff[];
}

export function tlsScanner(): TlsScanner {
  const found: TlsOff[] = [];
  return {
    found,
    string(visit) {
      const value = visit.value;
      if (value.length <= 20) return;
      if (CODE_HINT.test(value)) {
        const pointer = visit.pointer;
        for (const m of value.matchAll(IN_CODE)) found.push({ kind: 'code', pointer, start: m.index, end: m.index + m[0].length, text: m[0] });
      }
      if (COMMAND_FIELDS.has(visit.name) && (value.includes('curl') || value.includes('wget'))) {
        const pointer = visit.pointer;
        for (const option of insecureOptions(value)) found.push({ kind: 'code', pointer, ...option });
      }
    },
    member(key, value, at) {
      const off = KEY_LENGTHS.has(key.length) ? SETTINGS.get(key.toLowerCase()) : undefined;
      if (off !== undefined && (value === off || value === String(off))) found.push({ kind: 'setting', pointer: at.pointer, key, value });
    },
  };
}
