// analyze(document) → findings: sniff, parse once, build the model, run the rules that apply, locate and mask.
import { releaseDataflow } from './dataflow/index.js';
import { buildFlow, type AdapterResult } from './formats/index.js';
import type { SurfaceInventory } from './inventory/model.js';
import { digest, mask } from './mask.js';
import type { Finding, Fix, Flow, Severity } from './model/index.js';
import { parseDocument, type ParsedDocument, type ParseProblem } from './parse/index.js';
import type { Policy } from './policy.js';
import { policyInForce, resolveSeverity, ruleEnabled, type SeverityOverride } from './precedence.js';
import { sensitiveDataToThirdParty } from './rules/privacy/sensitive-data-to-third-party.js';
import { RULES, ruleById, type Rule, type RuleReport } from './rules/index.js';
import { redactSecrets } from './secrets/redact.js';
import { sniff, type FileFormat, type FormatDetail } from './sniff.js';
import { suppress } from './suppress.js';
import type { SourceRange } from './source.js';

export type { SeverityOverride } from './precedence.js';

/** Everything the core needs to know from settings and policy; it never sees a setting name. */
export interface AnalysisOptions {
  /** Today, from the caller's clock. */
  readonly today: Date;
  /** Severity overrides by rule id; `off` disables a rule. */
  readonly rules?: Readonly<Record<string, SeverityOverride>>;
  /** Larger files are skipped with a notice. */
  readonly maxFileSizeKB?: number;
  /** The workspace's review policy (`.surface-review.yaml`); the defaults apply when absent. */
  readonly policy?: Policy;
  /** Owners named in the workspace's CODEOWNERS, offered by the add-owner fix and completion. */
  readonly knownOwners?: readonly string[];
  /** False in an untrusted workspace: the policy may then only tighten (see precedence.ts). Trusted when absent. */
  readonly trusted?: boolean;
}

export interface AnalysisInput {
  /** Where findings point (any URI scheme; the core does not read it). */
  readonly uri: string;
  /** Workspace-relative path with `/` separators: used for sniffing by name and for fingerprints. */
  readonly path: string;
  readonly text: string;
  /** Offset of the first character that was not valid UTF-8 when the file was decoded, if any. */
  readonly invalidEncodingAt?: number;
  /**
   * A parse of exactly `text` the caller already has (the language server's entry-by-entry parse of a large YAML
   * inventory, core/workspace/chunkedYaml.ts); used only when its language is the one `text` sniffs as.
   */
  readonly document?: ParsedDocument;
}

export interface AnalysisResult {
  readonly format: FileFormat;
  readonly detail: FormatDetail;
  readonly findings: readonly Finding[];
  /** The parsed document, when the file is ours and was parsed. */
  readonly document?: ParsedDocument;
  readonly flow?: Flow;
  /** A one-line notice when the file was not analysed (too large). */
  readonly skipped?: string;
  /** The `index` of each policy suppression that accepted one of this file's findings. */
  readonly suppressionsUsed?: readonly number[];
}

export const DEFAULT_MAX_FILE_SIZE_KB = 10240;

/** Reviews one document. Never throws for any input text. */
export function analyze(input: AnalysisInput, options: AnalysisOptions): AnalysisResult {
  const { format, detail, language } = sniff(input.text, input.path);
  if (format === 'unknown') return { format, detail, findings: [] };
  const limitKB = options.maxFileSizeKB ?? DEFAULT_MAX_FILE_SIZE_KB;
  if (input.text.length > limitKB * 1024) {
    return { format, detail, findings: [], skipped: `${input.path}: skipped, ${Math.round(input.text.length / 1024)} KB is over the ${limitKB} KB limit (surfaceReview.maxFileSizeKB).` };
  }
  const document = input.document?.language === language && input.document.text === input.text ? input.document : parseDocument(input.text, language);
  const adapter: AdapterResult = document.value === undefined ? { problems: [] } : safeBuild(detail, document.value);
  const readingProblems: ParseProblem[] = input.invalidEncodingAt === undefined ? [] : [{
    severity: 'error',
    range: { start: input.invalidEncodingAt, end: Math.min(input.text.length, input.invalidEncodingAt + 1) },
    message: 'The file is not valid UTF-8 text: some bytes were replaced when it was read. Save it as UTF-8 (platform exports always are); values near here may be damaged.',
  }];
  const all = runRules({ input, options, document, adapter: { ...adapter, problems: [...adapter.problems] }, format, detail, readingProblems });
  // The data-flow model a file rule built waits for the cross-file privacy rule, which releases it; when that rule is
  // off nothing would, and the model would stay with the flow.
  if (adapter.flow && !ruleEnabled(sensitiveDataToThirdParty.id, options)) releaseDataflow(adapter.flow);
  const { findings, used } = suppress(all, document, input.path, policyInForce(options), options.today);
  return { format, detail, findings, document, flow: adapter.flow, ...(used.length ? { suppressionsUsed: used } : {}) };
}

function safeBuild(detail: FormatDetail, value: unknown): AdapterResult {
  try {
    return buildFlow(detail, value);
  } catch (e) {
    return { problems: [{ pointer: '', message: `The file could not be read as a ${detail} export (${(e as Error).message}).` }] };
  }
}

interface Pending {
  readonly rule: Rule;
  readonly report: RuleReport;
}

function runRules(args: {
  input: AnalysisInput;
  options: AnalysisOptions;
  document: ParsedDocument;
  adapter: AdapterResult;
  format: FileFormat;
  detail: FormatDetail;
  readingProblems: readonly ParseProblem[];
}): Finding[] {
  const { input, options, document, adapter, format, detail, readingProblems } = args;
  const pending: Pending[] = [];
  const memo = new Map<string, unknown>();
  const running = new Set<string>();
  for (const rule of RULES) {
    if (rule.appliesTo === 'workspace' || !ruleEnabled(rule.id, options)) continue;
    if (rule.appliesTo !== 'all' && !rule.appliesTo.includes(format)) continue;
    if (rule.id !== 'parse/syntax-error' && document.value === undefined) continue;
    running.add(rule.id);
  }
  // One context for all the rules of this file (a rule's lazy fixes keep it; what they read is the same for every rule);
  // `report` files each report under the rule that is running.
  let current: Rule | undefined;
  const context = {
    uri: input.uri,
    document,
    format,
    detail,
    adapter,
    readingProblems,
    flow: adapter.flow,
    today: options.today,
    policy: policyInForce(options),
    knownOwners: options.knownOwners,
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
    runs: (ruleId: string) => running.has(ruleId),
    report(report: RuleReport) {
      pending.push({ rule: current!, report });
    },
  };
  for (const rule of RULES) {
    if (rule.appliesTo === 'workspace' || !running.has(rule.id)) continue;
    current = rule;
    try {
      rule.check(context);
    } catch (e) {
      pending.push({ rule: ruleById('parse/syntax-error') ?? rule, report: { pointer: '', at: { range: { start: 0, end: 0 } }, severity: 'warning', message: `Rule ${rule.id} could not finish on this file (${(e as Error).message}); other rules ran.` } });
    }
  }
  current = undefined;
  // Every report located by pointer in one pass, those that point into a string too (they locate the string first).
  const byPointer = (r: { pointer: string; at?: RuleReport['at'] }) => !(r.at && typeof r.at === 'object' && 'range' in r.at);
  const locations = document.locateAll(pending.flatMap((p) => [p.report, ...(p.report.related ?? [])].filter(byPointer).map((r) => r.pointer)));
  const keys = pending.length ? identityKeys(adapter.flow, memo.get('inventory') as SurfaceInventory | undefined) : new Map<string, string>();
  // Two findings of one rule at one place (two webhooks waiting on one call, two scopes read from one URL) get an ordinal,
  // in the order the rule reported them, so each keeps a fingerprint of its own.
  const taken = new Map<string, number>();
  const unique = (fingerprint: string) => {
    const n = (taken.get(fingerprint) ?? 0) + 1;
    taken.set(fingerprint, n);
    return n === 1 ? fingerprint : digest(`${fingerprint}#${n}`);
  };
  return pending.map(({ rule, report }) => toFinding(rule, report, input, options, document, locations, keys, unique));
}

/**
 * Pointers of the file's flow nodes and inventory entries → a key that moves with them (`node:<id>`, `surface:<id>`),
 * for fingerprints: a node inserted before another shifts every later `/nodes/<index>`, and the next node would take
 * over the fingerprint (and the suppression) of the one that was there. Ids used twice keep their index.
 */
function identityKeys(flow: Flow | undefined, inventory: SurfaceInventory | undefined): Map<string, string> {
  const keys = new Map<string, string>();
  const add = (items: readonly { readonly pointer: string; readonly id?: string }[], kind: string) => {
    const count = new Map<string, number>();
    for (const item of items) if (item.id) count.set(item.id, (count.get(item.id) ?? 0) + 1);
    // Escaped as a pointer segment, so an id with a "/" cannot pass for a node and a path below it.
    for (const item of items) if (item.id && count.get(item.id) === 1) keys.set(item.pointer, `${kind}:${item.id.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  if (flow) add(flow.nodes, 'node');
  if (inventory) add(inventory.surfaces, 'surface');
  return keys;
}

/** `pointer` with its nearest ancestor that has an identity key replaced by the key. */
function stablePointer(pointer: string, keys: ReadonlyMap<string, string>): string {
  if (!keys.size) return pointer;
  for (let end = pointer.length; end > 0; end = pointer.lastIndexOf('/', end - 1)) {
    const key = keys.get(pointer.slice(0, end));
    if (key !== undefined) return key + pointer.slice(end);
  }
  return pointer;
}

/**
 * Which part of the place a finding points at, for its fingerprint, without the message: a message may name a date, a
 * count of days or a reworded piece of advice, and a fingerprint that changed with it would lose its suppression (DESIGN
 * §3: rule, file, pointer, masked evidence), and the rule's own `key`. Characters inside a string count as the string's
 * text, not by offset (a line added above a reference must not change it) — except for a secret: its masked evidence
 * keeps only four characters, so a second key of the same kind added to the string would take over a suppressed one's
 * fingerprint; its offsets tell them apart. Findings that still meet get an ordinal (runRules). A raw document range (a
 * parse problem) is not stable, so those keep the message.
 */
function placeOf(report: RuleReport): string {
  const at = report.at;
  const key = report.key === undefined ? '' : `|${report.key}`;
  if (at === undefined || typeof at === 'string') return (at ?? '') + key;
  if ('range' in at) return report.message + key;
  return (report.secret !== undefined ? `${at.start}-${at.end}` : 'text') + key;
}

function toFinding(
  rule: Rule,
  report: RuleReport,
  input: AnalysisInput,
  options: AnalysisOptions,
  document: ParsedDocument,
  locations: Map<string, { range: SourceRange; keyRange?: SourceRange }>,
  keys: ReadonlyMap<string, string>,
  unique: (fingerprint: string) => string,
): Finding {
  const range = rangeOf(report, document, locations);
  const evidence = report.secret !== undefined ? mask(report.secret) : undefined;
  const severity: Severity = resolveSeverity(rule.id, report.severity ?? rule.defaultSeverity, options);
  const message = redactSecrets(report.secret && report.secret.length >= 4 ? report.message.split(report.secret).join(evidence) : report.message);
  const finding: Finding = {
    ruleId: rule.id,
    severity,
    message,
    uri: input.uri,
    range,
    pointer: report.pointer,
    fingerprint: unique(digest(`${rule.id}|${input.path}|${stablePointer(report.pointer, keys)}|${evidence ?? ''}|${placeOf(report)}`)),
    surfaceId: report.surfaceId,
    evidence,
    threats: rule.threats,
    related: report.related?.length ? report.related.map((r) => ({ uri: input.uri, range: rangeOf(r, document, locations), message: redactSecrets(r.message) })) : undefined,
  };
  if (report.fixes) {
    // Built when first read (a code action asks, a test looks): most findings' fixes are never asked for, and some
    // (the webhook's header-auth edit) cost a locate each, a tenth of a large flow's review. The builder (and the rule
    // context it holds) is dropped once used.
    let build: RuleReport['fixes'] = report.fixes;
    let fixes: readonly Fix[] | undefined;
    Object.defineProperty(finding, 'fixes', {
      enumerable: true,
      get() {
        if (build) {
          try {
            const built = build(range);
            fixes = built.length ? built : undefined;
          } catch {
            fixes = undefined;
          }
          build = undefined;
        }
        return fixes;
      },
    });
  }
  return finding;
}

/** The range a report (or a related place) points at: its pointer's value or key, characters of its string, or a raw range. */
function rangeOf(
  report: { pointer: string; at?: RuleReport['at'] },
  document: ParsedDocument,
  locations: Map<string, { range: SourceRange; keyRange?: SourceRange }>,
): SourceRange {
  const at = report.at;
  if (at && typeof at === 'object' && 'range' in at) return at.range;
  if (at && typeof at === 'object') return document.locateInString(report.pointer, at.start, at.end);
  const loc = locations.get(report.pointer) ?? document.locate(report.pointer);
  return at === 'key' ? loc.keyRange ?? loc.range : loc.range;
}
