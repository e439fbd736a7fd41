// The cross-file review: runs the workspace rules (`drift/*`, `scope/undeclared`, `policy/unused-suppression`) and the
// cross-file parts of file rules (`ownership/missing-owner` on flows) over the links between a folder's files,
// incrementally. A changed flow re-checks that flow and the inventories that name it; a changed inventory re-checks the
// folder's flows (cheap look-ups; findings are rebuilt only where they differ).
// The LSP keeps one instance for the session; the CLI calls `analyzeWorkspace` once.
import { digest } from '../mask.js';
import type { Finding, Fix, RelatedLocation, Severity } from '../model/index.js';
import type { ParsedDocument } from '../parse/index.js';
import { DEFAULT_POLICY } from '../policy.js';
import { policyInForce, resolveSeverity, ruleEnabled } from '../precedence.js';
import { RULES } from '../rules/index.js';
import type { CrossFileCheck, Rule } from '../rules/types.js';
import type { SourceRange } from '../source.js';
import { redactSecrets } from '../secrets/redact.js';
import { suppress } from '../suppress.js';
import { FolderLinks, isFlowFile } from './link.js';
import type { WorkspaceAt, WorkspaceFile, WorkspaceOptions, WorkspaceReport, WorkspaceRuleContext } from './types.js';

/** Every cross-file check: the workspace rules, and the cross-file part of file rules that have one. */
const WORKSPACE_CHECKS = RULES.flatMap((rule): { readonly rule: Rule; readonly check: CrossFileCheck }[] =>
  rule.appliesTo === 'workspace' ? [{ rule, check: rule }] : rule.crossFile ? [{ rule, check: rule.crossFile }] : []);
const DEFAULT_POLICY_PATHS = ['.surface-review.yaml', '.surface-review.yml'];

type Unit = CrossFileCheck['reportsOn'];

interface Outcome {
  readonly signature: string;
  readonly findings: readonly Finding[];
  readonly fixes: ReadonlyMap<string, () => Fix[]>;
  /** Policy suppressions (by index) these findings used. */
  readonly used: readonly number[];
}

interface Folder {
  readonly links: FolderLinks;
  options: WorkspaceOptions;
  /** Bumped when options change, so every signature differs. */
  epoch: number;
  readonly dirty: Set<string>;
  allDirty: boolean;
  readonly outcomes: Map<string, Outcome>;
  policyUri?: string;
}

const NO_FINDINGS: readonly Finding[] = [];
let documentSerial = 0;
const serials = new WeakMap<object, number>();
const rangeMemo = new WeakMap<ParsedDocument, Map<string, SourceRange>>();

/** The cross-file review of one or more workspace folders. Feed it files as they are analysed; call `review` to update. */
export class WorkspaceReview {
  readonly #folders = new Map<string, Folder>();
  readonly #files = new Map<string, WorkspaceFile>();
  readonly #defaults: WorkspaceOptions;

  /** `defaults` apply to folders that were given no options of their own. */
  constructor(defaults: WorkspaceOptions) {
    this.#defaults = defaults;
  }

  /** Sets a folder's options (settings, policy, trust): every cross-file finding of the folder is recomputed. */
  setOptions(root: string, options: WorkspaceOptions): void {
    const folder = this.#folder(root);
    folder.options = options;
    folder.epoch++;
    folder.allDirty = true;
  }

  /** Adds or replaces a file (by uri). */
  set(file: WorkspaceFile): void {
    const before = this.#files.get(file.uri);
    if (before && (before.root !== file.root || before.path !== file.path)) this.delete(file.uri);
    this.#files.set(file.uri, file);
    const folder = this.#folder(file.root);
    folder.links.set(file);
    // The same parse again (its analysis finished after a quick link update): only its suppression use may differ.
    if (before && before.document !== undefined && before.document === file.document && before.format === file.format && before.path === file.path) folder.dirty.add(file.uri);
    else this.#touched(folder, file, before);
  }

  /** Removes a file (deleted, closed and gone, or no longer ours). */
  delete(uri: string): void {
    const before = this.#files.get(uri);
    if (!before) return;
    this.#files.delete(uri);
    const folder = this.#folder(before.root);
    folder.links.delete(before.path);
    this.#touched(folder, before, before);
  }

  /** The file as last set, or undefined. */
  file(uri: string): WorkspaceFile | undefined {
    return this.#files.get(uri);
  }

  /** The folder's links (for tests and for fixes that need them). */
  links(root: string): FolderLinks {
    return this.#folder(root).links;
  }

  /**
   * Brings every cross-file finding up to date and returns the uris whose cross-file findings changed (including
   * files whose findings went away). Never throws.
   */
  review(): Set<string> {
    const changed = new Set<string>();
    for (const folder of this.#folders.values()) this.#reviewFolder(folder, changed);
    return changed;
  }

  /** The cross-file findings of a file, as of the last `review`. */
  findingsOf(uri: string): readonly Finding[] {
    const file = this.#files.get(uri);
    const outcome = file && this.#folders.get(file.root)?.outcomes.get(uri);
    return outcome?.findings ?? NO_FINDINGS;
  }

  /** The quick fixes of a cross-file finding, computed now (they may edit other files); empty when there are none. */
  fixesOf(uri: string, fingerprint: string): Fix[] {
    const file = this.#files.get(uri);
    const thunk = file && this.#folders.get(file.root)?.outcomes.get(uri)?.fixes.get(fingerprint);
    try {
      return thunk?.() ?? [];
    } catch {
      return [];
    }
  }

  #folder(root: string): Folder {
    let folder = this.#folders.get(root);
    if (!folder) {
      folder = { links: new FolderLinks(), options: this.#defaults, epoch: 0, dirty: new Set(), allDirty: true, outcomes: new Map() };
      this.#folders.set(root, folder);
    }
    return folder;
  }

  #touched(folder: Folder, file: WorkspaceFile, before: WorkspaceFile | undefined): void {
    folder.dirty.add(file.uri);
    const wasFlow = before !== undefined && isFlowFile(before);
    if (isFlowFile(file) || wasFlow) for (const inventory of folder.links.inventoriesNaming(file.path)) folder.dirty.add(inventory.uri);
    if (file.format === 'surface-inventory' || before?.format === 'surface-inventory') folder.allDirty = true;
  }

  #reviewFolder(folder: Folder, changed: Set<string>): void {
    const { options } = folder;
    const policy = policyInForce(options) ?? DEFAULT_POLICY;
    const precedence = { rules: options.rules, policy: options.policy, trusted: options.trusted };
    let targets: Iterable<string> = folder.dirty;
    if (folder.allDirty) {
      const all = new Set<string>(folder.outcomes.keys());
      for (const file of folder.links.files()) if (isFlowFile(file) || file.format === 'surface-inventory') all.add(file.uri);
      targets = all;
    }
    for (const uri of targets) {
      const file = this.#files.get(uri);
      const unit: Unit | undefined = !file ? undefined : isFlowFile(file) ? 'flow' : file.format === 'surface-inventory' ? 'inventory' : undefined;
      if (!file || !unit || this.#folders.get(file.root) !== folder) {
        if (folder.outcomes.delete(uri)) changed.add(uri);
        continue;
      }
      this.#check(folder, file, unit, policy, precedence, undefined, changed);
    }
    folder.dirty.clear();
    folder.allDirty = false;

    // The policy file last: whether a suppression was used depends on every other finding.
    const policyFile = this.#policyFile(folder);
    if (folder.policyUri && folder.policyUri !== policyFile?.uri && folder.outcomes.delete(folder.policyUri)) changed.add(folder.policyUri);
    folder.policyUri = policyFile?.uri;
    if (policyFile) {
      let used: Set<number> | undefined;
      if (options.trusted !== false && options.policy?.suppressions.length) {
        used = new Set();
        for (const file of folder.links.files()) for (const i of file.suppressionsUsed ?? []) used.add(i);
        for (const outcome of folder.outcomes.values()) for (const i of outcome.used) used.add(i);
      }
      this.#check(folder, policyFile, 'policy', policy, precedence, used, changed);
    }
  }

  #policyFile(folder: Folder): WorkspaceFile | undefined {
    const paths = folder.options.policyPath !== undefined ? [folder.options.policyPath] : DEFAULT_POLICY_PATHS;
    for (const p of paths) {
      const file = folder.links.get(p);
      if (file?.format === 'policy') return file;
    }
    return undefined;
  }

  #check(folder: Folder, file: WorkspaceFile, unit: Unit, policy: WorkspaceRuleContext['policy'], precedence: Parameters<typeof resolveSeverity>[2], used: ReadonlySet<number> | undefined, changed: Set<string>): void {
    const reports: { rule: Rule; report: WorkspaceReport }[] = [];
    for (const { rule, check } of WORKSPACE_CHECKS) {
      if (check.reportsOn !== unit || !ruleEnabled(rule.id, precedence)) continue;
      const context: WorkspaceRuleContext = {
        file,
        folder: folder.links,
        today: folder.options.today,
        policy,
        suppressionsUsed: used,
        report: (report) => reports.push({ rule, report }),
      };
      try {
        check.checkWorkspace(context);
      } catch {
        // A cross-file rule that cannot finish on odd input reports nothing rather than breaking the review.
      }
    }
    const previous = folder.outcomes.get(file.uri);
    if (!reports.length) {
      if (previous && folder.outcomes.delete(file.uri) && previous.findings.length) changed.add(file.uri);
      return;
    }
    const related = reports.map(({ report }) => (report.related ?? []).map((r): RelatedLocation => ({ uri: r.file.uri, range: rangeIn(r.file.document, r.pointer, r.at), message: redactSecrets(r.message) })));
    const signature = `${folder.epoch}|${serialOf(file.document)}|${reports
      .map(({ rule, report }, i) => `${rule.id}\u0001${report.key}\u0001${report.pointer}\u0001${atKey(report.at)}\u0001${report.severity ?? ''}\u0001${report.message}\u0001${related[i].map((r) => `${r.uri}@${r.range.start}-${r.range.end}:${r.message}`).join('\u0002')}`)
      .join('\u0003')}`;
    if (previous?.signature === signature) return;
    const fixes = new Map<string, () => Fix[]>();
    const findings: Finding[] = reports.map(({ rule, report }, i) => {
      const fingerprint = digest(`${rule.id}|${file.path}|${report.key}`);
      if (report.fixes) fixes.set(fingerprint, report.fixes);
      const severity: Severity = resolveSeverity(rule.id, report.severity ?? rule.defaultSeverity, precedence);
      return {
        ruleId: rule.id,
        severity,
        message: redactSecrets(report.message),
        uri: file.uri,
        range: rangeIn(file.document, report.pointer, report.at),
        pointer: report.pointer,
        fingerprint,
        surfaceId: report.surfaceId,
        threats: rule.threats,
        related: related[i].length ? related[i] : undefined,
      };
    });
    const outcome = suppress(findings, file.document, file.path, policy, folder.options.today);
    folder.outcomes.set(file.uri, { signature, findings: outcome.findings, fixes, used: outcome.used });
    if (outcome.findings.length || previous?.findings.length) changed.add(file.uri);
  }
}

/**
 * The cross-file findings of a set of files (every folder at once), by uri: what the CLI adds to each file's own
 * findings. `options` gives each folder's options (one object for all, or per root).
 */
export function analyzeWorkspace(files: readonly WorkspaceFile[], options: WorkspaceOptions | ((root: string) => WorkspaceOptions)): Map<string, readonly Finding[]> {
  const review = new WorkspaceReview(typeof options === 'function' ? options('') : options);
  if (typeof options === 'function') for (const root of new Set(files.map((f) => f.root))) review.setOptions(root, options(root));
  for (const file of files) review.set(file);
  review.review();
  const out = new Map<string, readonly Finding[]>();
  for (const file of files) {
    const found = review.findingsOf(file.uri);
    if (found.length) out.set(file.uri, found);
  }
  return out;
}

function serialOf(document: object | undefined): number {
  if (!document) return 0;
  let n = serials.get(document);
  if (n === undefined) {
    n = ++documentSerial;
    serials.set(document, n);
  }
  return n;
}

/** `at` as a string, for signatures and memo keys. */
function atKey(at: WorkspaceAt | undefined): string {
  return at === undefined ? 'value' : typeof at === 'string' ? at : `${at.start}-${at.end}`;
}

/**
 * A pointer's range in a document (its key's with `at: 'key'`, characters of its string with `{ start, end }`),
 * memoised per document; 0..0 without one.
 */
function rangeIn(document: ParsedDocument | undefined, pointer: string, at: WorkspaceAt | undefined): SourceRange {
  if (!document) return { start: 0, end: 0 };
  let memo = rangeMemo.get(document);
  if (!memo) {
    memo = new Map();
    rangeMemo.set(document, memo);
  }
  const key = `${atKey(at)}\u0000${pointer}`;
  let range = memo.get(key);
  if (!range) {
    try {
      if (typeof at === 'object') range = document.locateInString(pointer, at.start, at.end);
      else {
        const loc = document.locate(pointer);
        range = at === 'key' ? loc.keyRange ?? loc.range : loc.range;
      }
    } catch {
      range = { start: 0, end: 0 };
    }
    memo.set(key, range);
  }
  return range;
}
