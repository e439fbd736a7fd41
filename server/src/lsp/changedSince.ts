// The threat view's "changed since REV" (setting `surfaceReview.threatModel.changedSince`): per workspace folder, the
// files at the base revision, read from git (server/src/git, only in a trusted workspace) and analysed once; at each
// model build, the core's snapshot diff (the one `surface-review diff` prints) of the index against that base.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeSnapshotFile, diffSnapshots, snapshotOf, type Finding, type ParsedDocument, type Snapshot, type SnapshotFile, type WorkspaceFile } from '../core/index.js';
import { modelChanges, type ModelChanges, type SurfaceChange, type ThreatModel } from '../core/threatModel/index.js';
import { blobOid, GitError, listRevision, readBlobs, resolveCommit, resolveDefaultBase } from '../git/revision.js';
import { fromSettings, type SettingsCache } from './configuration.js';
import type { FolderPolicy, PolicyStore } from './policy.js';
import { canonicalUri, filePathOfUri } from './uris.js';
import { SCAN_SKIP_DIRS, type IndexedFile, type Workspace } from './workspace.js';

/** The setting's values that turn the comparison off. */
const OFF = new Set(['off', 'none', 'false']);
/** Git is asked again at most this often (a burst of edits, or every model request). */
const MIN_INTERVAL_MS = 2000;
/** Files analysed between two yields to the event loop, so edits and requests are answered while a base loads. */
const YIELD_EVERY = 25;

/** The base of one folder, once read. */
interface Base {
  readonly commit: string;
  readonly label: string;
  readonly snapshot: Snapshot;
  /** What it was analysed with: a change of either means reading it again. */
  readonly settings: object;
  readonly policy: object;
}

/** What the threat view shows about the comparison, for one model build. */
export interface ChangesSince extends ModelChanges {
  /** `HEAD~3 (1a2b3c4)`, `merge base with origin/main (1a2b3c4)`; folders joined with `; ` when they differ. */
  readonly label: string;
  /** Abbreviated commits of the bases. */
  readonly commits: readonly string[];
  /** A finding's uri as the new findings spell it (for `findingKey`). */
  uriOf(uri: string): string;
}

/** Reads each folder's base when the setting, the revision or the analysis options change, and diffs the index against it. */
export class ChangedSince {
  readonly #workspace: Workspace;
  readonly #settings: SettingsCache;
  readonly #policies: PolicyStore | undefined;
  readonly #log: (line: string) => void;
  readonly #onDidChange: () => void;
  readonly #bases = new Map<string, Base>();
  /** The last reason given per folder, so each is said once. */
  readonly #told = new Map<string, string>();
  readonly #oids = new WeakMap<ParsedDocument, string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #lastRun = 0;

  /** `onDidChange` is called when a base was read, dropped or replaced (the model must be rebuilt). */
  constructor(workspace: Workspace, settings: SettingsCache, policies: PolicyStore | undefined, log: (line: string) => void, onDidChange: () => void) {
    this.#workspace = workspace;
    this.#settings = settings;
    this.#policies = policies;
    this.#log = log;
    this.#onDidChange = onDidChange;
  }

  /** Asks for an update soon (throttled: git runs at most every 2 s, never during a scan). */
  request(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.update();
    }, Math.max(0, this.#lastRun + MIN_INTERVAL_MS - Date.now()));
  }

  /** Re-reads the setting and the revision of every folder and reads the bases that changed. Runs one at a time. */
  update(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        if (this.#workspace.status().scanning) return; // the scan's end asks again
        this.#lastRun = Date.now();
        let changed = false;
        const folders = this.#policies?.folders() ?? [];
        for (const folder of folders) changed = (await this.#updateFolder(folder)) || changed;
        for (const folder of [...this.#bases.keys()]) if (!folders.includes(folder)) changed = this.#bases.delete(folder) || changed;
        if (changed) this.#onDidChange();
      } while (this.#again);
    })()
      .catch((e) => this.#log(`Threat model: changes since a revision not shown: ${(e as Error).message}`))
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  /**
   * The changes of `files` (the index) against each folder's base, on `model`; undefined when no folder has a base.
   * Pure computation over what is loaded: never waits for git.
   */
  changes(files: readonly IndexedFile[], model: ThreatModel): ChangesSince | undefined {
    if (!this.#bases.size) return undefined;
    const surfaces = new Map<string, SurfaceChange>();
    const findings = new Set<string>();
    const labels: string[] = [];
    const commits: string[] = [];
    for (const [folder, base] of this.#bases) {
      const head = headSnapshot(files.filter((f) => f.root === folder));
      const diff = diffSnapshots(base.snapshot, head);
      const inFolder = model.surfaces.filter((s) => isUnder(s.locations[0]?.uri, folder));
      const found = modelChanges(inFolder, diff, canonicalUri);
      for (const [id, change] of found.surfaces) surfaces.set(id, change);
      for (const key of found.findings) findings.add(key);
      const label = `${base.label} (${base.commit.slice(0, 7)})`;
      if (!labels.includes(label)) labels.push(label);
      commits.push(base.commit.slice(0, 7));
    }
    return { label: labels.join('; '), commits, surfaces, findings, uriOf: canonicalUri };
  }

  /** Brings one folder's base up to date; true when it changed (read, replaced or dropped). */
  async #updateFolder(folder: string): Promise<boolean> {
    const uri = pathToFileURL(folder).toString();
    const settings = await this.#settings.get(uri);
    const wanted = settings.changedSince;
    const drop = (reason: string | undefined) => {
      if (reason !== undefined) this.#tell(folder, reason);
      return this.#bases.delete(folder);
    };
    if (OFF.has(wanted.toLowerCase())) return drop(`${name(folder)}: changes since a revision are not marked (surfaceReview.threatModel.changedSince is "${wanted}").`);
    if (!this.#workspace.trusted) return drop(`${name(folder)}: changes since a revision are not marked: git is only run in a trusted workspace.`);
    let commit: string;
    let label: string;
    try {
      if (wanted) {
        commit = await resolveCommit(folder, wanted);
        label = wanted;
      } else {
        ({ commit, label } = await resolveDefaultBase(folder));
      }
    } catch (e) {
      const why = e instanceof GitError ? e.message : (e as Error).message;
      return drop(`${name(folder)}: changes since ${wanted || 'the default branch'} are not marked: ${why}.`);
    }
    const policy = this.#policies?.forFile(path.join(folder, '.surface-review.yaml')) ?? NO_POLICY;
    const known = this.#bases.get(folder);
    if (known && known.commit === commit && known.label === label && known.settings === settings && known.policy === policy) return false;
    const started = performance.now();
    let read;
    try {
      read = await this.#readBase(folder, commit, settings, policy);
    } catch (e) {
      return drop(`${name(folder)}: changes since ${label} are not marked: ${(e as Error).message}.`);
    }
    this.#bases.set(folder, { commit, label, snapshot: read.snapshot, settings, policy });
    this.#tell(folder, `${name(folder)}: marking changes since ${label} (${commit.slice(0, 7)}): ${read.files} file(s) at that revision, ${read.fromGit} read from git, in ${Math.round(performance.now() - started)} ms.`);
    return true;
  }

  /**
   * The folder at `commit`, analysed as the index is: a file whose contents the index already has is taken from it,
   * the others are read from git (the diff CLI's limits) and analysed; then the cross-file rules over all of them.
   */
  async #readBase(folder: string, commit: string, settings: Awaited<ReturnType<SettingsCache['get']>>, policy: FolderPolicy): Promise<{ snapshot: Snapshot; files: number; fromGit: number }> {
    const today = new Date();
    const trusted = this.#workspace.trusted;
    const entries = await listRevision(folder, commit, ['.'], { maxFileBytes: settings.maxFileSizeKB * 1024, skipDirs: SCAN_SKIP_DIRS });
    const indexed = new Map(this.#workspace.files().filter((f) => f.root === folder).map((f) => [f.path, f]));
    const files: SnapshotFile[] = [];
    const wanted: typeof entries = [];
    for (const entry of entries) {
      const same = indexed.get(entry.path);
      const text = same?.result.document?.text;
      if (same && text !== undefined && this.#oidOf(same.result.document!, entry.oid.length) === entry.oid) files.push({ file: workspaceFileOf(same), findings: same.result.findings });
      else wanted.push(entry);
    }
    const blobs = await readBlobs(folder, wanted.map((e) => e.oid));
    const options = fromSettings(settings, today, policy, trusted);
    let done = 0;
    for (const entry of wanted) {
      const bytes = blobs.get(entry.oid);
      if (!bytes || bytes.includes(0)) continue;
      const uri = pathToFileURL(path.join(folder, ...entry.path.split('/'))).toString();
      const analysed = analyzeSnapshotFile({ uri, path: entry.path, text: new TextDecoder('utf-8').decode(bytes) }, options, folder);
      if (analysed) files.push(analysed);
      if (++done % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    }
    const { snapshot } = snapshotOf(files, { today, rules: settings.rules, policy: policy.policy, policyPath: policy.file, trusted });
    return { snapshot, files: files.length, fromGit: wanted.length };
  }

  /** Git's object id of what the index analysed (its text, as UTF-8), computed once per parse. */
  #oidOf(document: ParsedDocument, length: number): string {
    let oid = this.#oids.get(document);
    if (oid === undefined || oid.length !== length) {
      oid = blobOid(Buffer.from(document.text, 'utf8'), length);
      this.#oids.set(document, oid);
    }
    return oid;
  }

  /** Logs `line` unless it is what was last said about `folder`. */
  #tell(folder: string, line: string): void {
    if (this.#told.get(folder) === line.replace(/ in \d+ ms\.$/, '')) return;
    this.#told.set(folder, line.replace(/ in \d+ ms\.$/, ''));
    this.#log(`Threat model: ${line}`);
  }
}

const NO_POLICY: FolderPolicy = { knownOwners: [] };

/** The index's files of one folder as a snapshot: each file's own and cross-file findings, uris spelled one way. */
function headSnapshot(files: readonly IndexedFile[]): Snapshot {
  const findings: Finding[] = [];
  const out: WorkspaceFile[] = [];
  for (const f of files) {
    out.push(workspaceFileOf(f));
    for (const list of [f.result.findings, f.workspaceFindings]) {
      for (const finding of list) findings.push(finding.uri.startsWith('file:') && canonicalUri(finding.uri) !== finding.uri ? { ...finding, uri: canonicalUri(finding.uri) } : finding);
    }
  }
  return { files: out, findings };
}

const workspaceFiles = new WeakMap<IndexedFile['result'], WorkspaceFile>();

/** An indexed file as the diff reads it (one object per analysis, so the diff's caches hold). */
function workspaceFileOf(f: IndexedFile): WorkspaceFile {
  let hit = workspaceFiles.get(f.result);
  if (!hit || hit.path !== f.path || hit.root !== f.root) {
    const r = f.result;
    hit = { uri: canonicalUri(f.uri), root: f.root, path: f.path, format: r.format, document: r.document, flow: r.flow, suppressionsUsed: r.suppressionsUsed, ...(r.skipped ? { skipped: true } : {}) };
    workspaceFiles.set(f.result, hit);
  }
  return hit;
}

function isUnder(uri: string | undefined, folder: string): boolean {
  const file = uri !== undefined ? filePathOfUri(uri) : undefined;
  return file !== undefined && (file === folder || file.startsWith(folder + path.sep));
}

function name(folder: string): string {
  return path.basename(folder) || folder;
}
