// The workspace index: every file's latest analysis (open documents by version, the rest from disk by content hash),
// the cross-file review over them (inventory ↔ flow links), published as diagnostics and summed up for the status bar.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, FileEvent, TextDocuments } from 'vscode-languageserver';
import { FileChangeType, MessageType, ShowMessageNotification } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, ChunkCache, LineIndex, loosenedByPolicy, parseInventoryChunked, sniff, WorkspaceReview, type AnalysisResult, type Finding, type ParsedDocument, type WorkspaceFile } from '../core/index.js';
import { CANDIDATE, SKIP_DIRS } from '../git/revision.js';
import type { ReviewStatus, SeverityCounts } from '../protocol.js';
import { StatusNotification } from '../protocol.js';
import { DEFAULT_SETTINGS, fromSettings, type SettingsCache } from './configuration.js';
import { debounceDelay, Debouncer } from './debounce.js';
import { capDiagnostics, type Positions } from './diagnostics.js';
import type { PolicyStore } from './policy.js';
import { canonicalUri } from './uris.js';

/** Folders the workspace scan never reads: the CLI's, and the build and test folders of an extension project. */
export const SCAN_SKIP_DIRS: ReadonlySet<string> = new Set([...SKIP_DIRS, '.vscode-test', 'dist', 'out']);
/** Open YAML inventories at least this large are parsed entry by entry (core/workspace/chunkedYaml.ts). */
const CHUNKED_MIN_CHARS = 128 * 1024;

interface Entry {
  readonly result: AnalysisResult;
  readonly counts: SeverityCounts;
  /** Disk entries: the content hash and options epoch it was analysed with (unchanged both: no re-analysis). */
  readonly hash?: string;
  readonly epoch?: number;
}

interface OpenEntry extends Entry {
  readonly version: number;
  readonly document: TextDocument;
}

/** One reviewed file of the index, for workspace-wide features (the threat model). */
export interface IndexedFile {
  readonly uri: string;
  /** Relative to its workspace folder, `/`-separated. */
  readonly path: string;
  /** Its workspace folder ('' when it is in none). */
  readonly root: string;
  /** A new object whenever the file is analysed again, so it can key caches. */
  readonly result: AnalysisResult;
  /** Findings of the cross-file rules (`drift/*`, `scope/undeclared`, `policy/unused-suppression`) on this file. */
  readonly workspaceFindings: readonly Finding[];
}

export class Workspace {
  readonly #connection: Connection;
  readonly #documents: TextDocuments<TextDocument>;
  readonly #settings: SettingsCache;
  readonly #policies: PolicyStore | undefined;
  readonly #fromDisk = new Map<string, Entry>();
  readonly #open = new Map<string, OpenEntry>();
  readonly #debounce = new Debouncer();
  /** How long each open document's last analysis took (ms): its debounce grows with it. */
  readonly #analysisMs = new Map<string, number>();
  readonly #skipped = new Set<string>();
  /** Files the last scan read (at most `surfaceReview.maxWorkspaceFiles`), and those it left out. */
  #admitted = new Set<string>();
  #beyondCap = new Set<string>();
  #maxFiles = Infinity;
  #toldCap = '';
  #folders: string[] = [];
  #scanning = false;
  #statusTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #changeListeners = new Set<() => void>();
  /** The cross-file review; run after each change once the first scan is done. */
  readonly #review = new WorkspaceReview({ today: new Date() });
  #scanned = false;
  /** Bumped when settings, policy or trust change: disk entries of an older epoch are analysed again. */
  #epoch = 0;
  #trusted = true;
  #toldUntrusted = false;
  /** Resolves once the folders' policies are read: no analysis runs without them. */
  #policiesRead: Promise<unknown> = Promise.resolve();
  readonly #lines = new WeakMap<ParsedDocument, LineIndex>();
  /** Entry-by-entry parses of open large inventories, by file. */
  readonly #chunkCaches = new Map<string, ChunkCache>();

  constructor(connection: Connection, documents: TextDocuments<TextDocument>, settings: SettingsCache, policies?: PolicyStore) {
    this.#policies = policies;
    this.#connection = connection;
    this.#documents = documents;
    this.#settings = settings;
  }

  setFolders(uris: readonly string[]): void {
    this.#folders = uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  }

  /** Analyses wait for `loading` (the folders' policy files and CODEOWNERS being read). */
  waitFor(loading: Promise<unknown>): void {
    this.#policiesRead = loading.catch(() => undefined);
  }

  /** Whether VS Code trusts the workspace: untrusted, the policy file may only tighten the review. Call `refresh` after. */
  setTrusted(trusted: boolean): void {
    if (trusted === this.#trusted) return;
    this.#trusted = trusted;
    this.#epoch++;
  }

  get trusted(): boolean {
    return this.#trusted;
  }

  /** The cross-file quick fixes of the finding `fingerprint` on `uri` (they may edit other files). */
  workspaceFixes(uri: string, fingerprint: string) {
    return this.#review.fixesOf(canonicalUri(uri), fingerprint);
  }

  /** The cross-file findings on `uri`. */
  workspaceFindings(uri: string): readonly Finding[] {
    return this.#review.findingsOf(canonicalUri(uri));
  }

  /** The text of an open document, or undefined when it is not open. */
  openText(uri: string): string | undefined {
    return this.#documents.get(uri)?.getText() ?? this.#open.get(keyOf(uri))?.document.getText();
  }

  /** Offsets → positions for a file of the index (its open document, else its last analysed text). */
  positionsOf(uri: string): Positions | undefined {
    const key = keyOf(uri);
    const open = this.#open.get(key);
    if (open) return open.document;
    const document = this.#fromDisk.get(key)?.result.document;
    return document ? this.#lineIndex(document) : undefined;
  }

  /** The folder (file system path) that holds `uri`, or undefined. */
  folderOf(uri: string): string | undefined {
    const key = keyOf(uri);
    return this.#folders.filter((f) => key === f || key.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  /** `uri` relative to its workspace folder, `/`-separated. */
  relativePath(uri: string): string {
    return this.#relative(keyOf(uri));
  }

  /** The analysis of an open document at its current version (analysing it now if the cache is stale). */
  async analysisOfOpen(uri: string): Promise<OpenEntry | undefined> {
    const document = this.#documents.get(uri);
    if (!document) return undefined;
    const key = keyOf(uri);
    const cached = this.#open.get(key);
    if (cached && cached.version === document.version) return cached;
    return this.#analyzeOpen(document);
  }

  /**
   * Schedules the analysis of an opened or edited document after a pause as long as its last analysis took
   * (debounce.ts; short for a small document and before the first analysis), so a big document is not analysed once
   * per keystroke. Each edit replaces the pending run; an analysis overtaken by an edit while it waited for settings is
   * dropped, and the last version is always analysed.
   */
  onOpenOrChange(document: TextDocument): void {
    const key = keyOf(document.uri);
    this.#debounce.schedule(key, debounceDelay(this.#analysisMs.get(key)), () => {
      if (this.#open.get(key)?.version === document.version) return; // a request analysed this version meanwhile
      void this.#analyzeOpen(document, () => this.#debounce.has(key)).catch((e) => this.#log(`analysis failed for ${document.uri}: ${(e as Error).message}`));
    });
  }

  /** A closed document falls back to what is on disk. */
  async onClose(uri: string): Promise<void> {
    const key = keyOf(uri);
    this.#debounce.cancel(key);
    this.#analysisMs.delete(key);
    this.#open.delete(key);
    if (this.#beyondCap.has(key)) {
      // Beyond the file limit: reviewed only while open.
      this.#chunkCaches.delete(key);
      this.#registerBeyondCap(key);
      this.#connection.sendDiagnostics({ uri, diagnostics: [] });
    } else if (uri.startsWith('file:')) await this.#analyzeFile(fileURLToPath(uri));
    else {
      this.#review.delete(canonicalUri(uri));
      this.#connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.#crossReview();
    this.#scheduleStatus();
  }

  /** File events from the client's watcher (created, changed, deleted; a rename is a delete and a create). */
  async onWatchedFiles(changes: readonly FileEvent[]): Promise<void> {
    for (const change of changes) {
      if (!change.uri.startsWith('file:')) continue;
      const file = fileURLToPath(change.uri);
      if (change.type === FileChangeType.Deleted) this.#forget(file);
      else if (this.#open.has(file) || !CANDIDATE.test(file)) continue;
      else if (this.#admit(file)) await this.#analyzeFile(file);
    }
    this.#crossReview();
    this.#scheduleStatus();
  }

  /** `workspace/didRenameFiles`: files or folders moved; their links are re-resolved at once. */
  async onRenamed(renames: readonly { oldUri: string; newUri: string }[]): Promise<void> {
    for (const { oldUri, newUri } of renames) {
      if (!oldUri.startsWith('file:') || !newUri.startsWith('file:')) continue;
      const from = fileURLToPath(oldUri);
      const to = fileURLToPath(newUri);
      const moved = [...this.#fromDisk.keys()].filter((k) => k === from || k.startsWith(from + path.sep));
      const movedBeyond = [...this.#beyondCap].filter((k) => k === from || k.startsWith(from + path.sep));
      for (const key of [...moved, ...movedBeyond]) this.#forget(key);
      for (const key of movedBeyond) {
        const target = to + key.slice(from.length);
        this.#beyondCap.add(target);
        if (!this.#open.has(target)) this.#registerBeyondCap(target);
      }
      for (const key of moved) {
        const target = to + key.slice(from.length);
        this.#admitted.add(target);
        if (!this.#open.has(target)) await this.#analyzeFile(target);
      }
      if (moved.length || movedBeyond.length) continue;
      this.#admitted.delete(from); // a file that is not ours (nothing of it is indexed)
      if (CANDIDATE.test(to) && !this.#open.has(to) && this.#admit(to)) await this.#analyzeFile(to);
    }
    this.#crossReview();
    this.#scheduleStatus();
  }

  /**
   * Re-reads every candidate file of the workspace folders, with progress, then runs the cross-file review; returns the
   * new status. Files whose content and options did not change keep their analysis unless `full` (the Review
   * Workspace command) asks for a fresh one.
   */
  async scan(full = false): Promise<ReviewStatus> {
    this.#scanning = true;
    if (full) this.#epoch++;
    this.#skipped.clear();
    this.#sendStatus();
    await this.#updateOptions();
    const progress = await this.#connection.window.createWorkDoneProgress().catch(() => undefined);
    try {
      const found: string[] = [];
      for (const folder of this.#folders) await collect(folder, found);
      const { maxWorkspaceFiles } = await this.#workspaceSettings();
      const [files, beyond] = capFiles(found, maxWorkspaceFiles, (file) => this.#relative(file));
      progress?.begin('Surface Review', 0, `Reviewing ${files.length} files`, true);
      for (const key of this.#beyondCap) if (!this.#open.has(key)) this.#review.delete(canonicalOf(key, key));
      this.#beyondCap = new Set();
      this.#maxFiles = maxWorkspaceFiles;
      this.#admitted = new Set(files);
      for (const key of this.#fromDisk.keys()) if (!this.#admitted.has(key)) this.#forget(key);
      this.#beyondCap = new Set(beyond);
      for (const key of beyond) if (!this.#open.has(key)) this.#registerBeyondCap(key);
      if (beyond.length) this.#tellCap(found.length, maxWorkspaceFiles);
      let done = 0;
      for (const file of files) {
        if (progress?.token.isCancellationRequested) break;
        if (!this.#open.has(file)) await this.#analyzeFile(file);
        done++;
        if (done % 50 === 0) {
          progress?.report(Math.round((done / files.length) * 100), `${done}/${files.length} files`);
          await new Promise((r) => setImmediate(r)); // let edits and requests through
        }
      }
      progress?.report(100, 'Linking inventories and flows');
      this.#scanning = false;
      this.#scanned = true;
      const started = performance.now();
      this.#crossReview();
      this.#log(`Reviewed ${files.length} files in ${this.#folders.length} folder(s); linked inventories and flows in ${Math.round(performance.now() - started)} ms.`);
    } finally {
      progress?.done();
      this.#scanning = false;
    }
    return this.#sendStatus();
  }

  /** Re-analyses everything (after a settings, policy or trust change). */
  async refresh(): Promise<void> {
    this.#epoch++;
    await this.#updateOptions();
    for (const document of this.#documents.all()) await this.#analyzeOpen(document);
    await this.scan();
  }

  /** Calls `listener` whenever the index may have changed (with each status update); returns the unsubscriber. */
  onDidChange(listener: () => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** Every file of the index that is ours, an open document in place of its copy on disk, in a stable order. */
  files(): IndexedFile[] {
    const out: IndexedFile[] = [];
    const add = (key: string, uri: string, result: AnalysisResult) => {
      if (result.format === 'unknown') return;
      const root = this.#folders.find((f) => key === f || key.startsWith(f + path.sep)) ?? '';
      out.push({ uri, path: this.#relative(key), root, result, workspaceFindings: this.#review.findingsOf(canonicalOf(key, uri)) });
    };
    for (const [key, entry] of this.#fromDisk) if (!this.#open.has(key)) add(key, pathToFileURL(key).toString(), entry.result);
    for (const [key, entry] of this.#open) add(key, entry.document.uri, entry.result);
    return out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  status(): ReviewStatus {
    const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
    let files = 0;
    const add = (key: string, uri: string, entry: Entry) => {
      if (entry.result.format === 'unknown') return;
      files++;
      for (const k of Object.keys(counts) as (keyof SeverityCounts)[]) counts[k] += entry.counts[k];
      for (const f of this.#review.findingsOf(canonicalOf(key, uri))) counts[f.severity]++;
    };
    for (const [key, entry] of this.#fromDisk) if (!this.#open.has(key)) add(key, key, entry);
    for (const [key, entry] of this.#open) add(key, entry.document.uri, entry);
    return { files, counts, skipped: this.#skipped.size + this.#beyondCap.size, scanning: this.#scanning };
  }

  /** Analyses an open document and publishes; undefined when `superseded` says a newer edit's run is pending. */
  async #analyzeOpen(document: TextDocument, superseded?: () => boolean): Promise<OpenEntry | undefined> {
    await this.#policiesRead;
    const settings = await this.#settings.get(document.uri);
    if (superseded?.()) return undefined;
    const started = performance.now();
    const key = keyOf(document.uri);
    const text = document.getText();
    const parsed = settings.enable ? this.#linkLargeInventory(key, document, text) : undefined;
    const result = settings.enable
      ? analyze({ uri: document.uri, path: this.#relative(key), text, document: parsed }, fromSettings(settings, new Date(), this.#policies?.forFile(key), this.#trusted))
      : { format: 'unknown' as const, detail: 'unknown' as const, findings: [] };
    if (result.skipped) this.#skip(key, result.skipped);
    const entry: OpenEntry = { result, counts: countOf(result), version: document.version, document };
    this.#analysisMs.set(key, performance.now() - started);
    // A newer version may have been analysed while this one waited for settings: never publish over it.
    const current = this.#open.get(key);
    if (current && current.version > document.version) return current;
    this.#open.set(key, entry);
    this.#index(key, result);
    const changed = this.#scanned ? this.#review.review() : new Set<string>();
    this.#publish(key);
    for (const uri of changed) if (keyOf(uri) !== key) this.#publish(keyOf(uri));
    this.#scheduleStatus();
    return entry;
  }

  async #analyzeFile(file: string): Promise<void> {
    const uri = pathToFileURL(file).toString();
    try {
      const settings = await this.#settings.get(uri);
      if (!settings.enable) {
        this.#fromDisk.delete(file);
        this.#review.delete(uri);
        this.#connection.sendDiagnostics({ uri, diagnostics: [] });
        return;
      }
      const stat = await fs.stat(file);
      const relative = this.#relative(file);
      if (stat.size > settings.maxFileSizeKB * 1024) {
        const head = await readHead(file, 64 * 1024);
        const format = sniff(head, relative).format;
        if (format !== 'unknown') this.#skip(file, `${relative}: skipped, ${Math.round(stat.size / 1024)} KB is over the ${settings.maxFileSizeKB} KB limit (surfaceReview.maxFileSizeKB).`);
        this.#fromDisk.delete(file);
        // Links to it are not stale: it exists, it is just not read.
        if (format !== 'unknown' && !this.#open.has(file)) this.#review.set({ uri, root: this.#folderKey(file), path: relative, format, skipped: true });
        return;
      }
      const bytes = await fs.readFile(file);
      if (bytes.includes(0)) return; // binary: not ours
      const hash = createHash('sha1').update(bytes).digest('hex');
      const known = this.#fromDisk.get(file);
      if (known && known.hash === hash && known.epoch === this.#epoch) {
        // Same content, same options: keep the analysis (a closed document may need its disk version back in the index).
        if (!this.#open.has(file) && this.#review.file(uri)?.document !== known.result.document) {
          this.#index(file, known.result);
          this.#publish(file);
        }
        return;
      }
      const text = new TextDecoder('utf-8').decode(bytes); // strips a BOM, as the editor does
      // A large inventory is parsed entry by entry here too: opening it in the editor then reuses every entry.
      const parsed = this.#open.has(file) ? undefined : this.#chunkedInventory(file, relative, text);
      const result = analyze({ uri, path: relative, text, document: parsed }, fromSettings(settings, new Date(), this.#policies?.forFile(file), this.#trusted));
      const had = this.#fromDisk.has(file);
      if (result.format === 'unknown' && !had) return;
      this.#fromDisk.set(file, { result, counts: countOf(result), hash, epoch: this.#epoch });
      if (this.#open.has(file)) return; // the editor's version is the one indexed and shown
      this.#index(file, result);
      this.#publish(file);
    } catch (e) {
      this.#log(`${this.#relative(file)}: not read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
  }

  /**
   * A large YAML inventory is parsed entry by entry (an edit re-parses one entry), and its links are updated before
   * its own, slower, review: the flows an edit affects are republished first. Returns the parse, or undefined for
   * anything else (the ordinary parse then applies).
   */
  #linkLargeInventory(key: string, document: TextDocument, text: string): ParsedDocument | undefined {
    const path = this.#relative(key);
    const parsed = this.#chunkedInventory(key, path, text);
    const current = this.#open.get(key);
    if (!parsed || !this.#scanned || (current && current.version > document.version)) return parsed;
    this.#review.set({ uri: canonicalOf(key, document.uri), root: this.#folderKey(key), path, format: 'surface-inventory', document: parsed, suppressionsUsed: current?.result.suppressionsUsed });
    for (const uri of this.#review.review()) if (keyOf(uri) !== key) this.#publish(keyOf(uri));
    return parsed;
  }

  /** The entry-by-entry parse of a large YAML inventory (its cache kept per file); undefined for anything else. */
  #chunkedInventory(key: string, path: string, text: string): ParsedDocument | undefined {
    if (text.length < CHUNKED_MIN_CHARS) return undefined;
    const sniffed = sniff(text, path);
    if (sniffed.format !== 'surface-inventory' || sniffed.language !== 'yaml') return undefined;
    let cache = this.#chunkCaches.get(key);
    if (!cache) {
      cache = new ChunkCache();
      this.#chunkCaches.set(key, cache);
    }
    return parseInventoryChunked(text, cache);
  }

  /** Puts a file's analysis into the cross-file review (or takes it out when it is not ours). */
  #index(key: string, result: AnalysisResult): void {
    const uri = canonicalOf(key, this.#open.get(key)?.document.uri ?? key);
    if (result.format === 'unknown' || result.skipped) {
      this.#review.delete(uri);
      return;
    }
    const file: WorkspaceFile = { uri, root: this.#folderKey(key), path: this.#relative(key), format: result.format, document: result.document, flow: result.flow, suppressionsUsed: result.suppressionsUsed };
    this.#review.set(file);
  }

  /** Drops a deleted file (or every file under a deleted folder) from the index and clears its diagnostics. */
  #forget(target: string): void {
    const wasRead = this.#fromDisk.has(target) || this.#admitted.has(target);
    for (const key of [...this.#fromDisk.keys()]) {
      if (key !== target && !key.startsWith(target + path.sep)) continue;
      this.#fromDisk.delete(key);
      if (this.#open.has(key)) continue;
      this.#chunkCaches.delete(key);
      this.#review.delete(canonicalOf(key, key));
      this.#connection.sendDiagnostics({ uri: pathToFileURL(key).toString(), diagnostics: [] });
    }
    if (!this.#fromDisk.has(target) && !this.#open.has(target)) this.#review.delete(canonicalOf(target, target));
    this.#admitted.delete(target);
    if (wasRead) return;
    // A file left out by the file limit, or a folder: what it held is no longer read or left out.
    const under = (set: Set<string>) => (set.has(target) ? [target] : [...set].filter((k) => k.startsWith(target + path.sep)));
    for (const key of under(this.#admitted)) this.#admitted.delete(key);
    for (const key of under(this.#beyondCap)) {
      this.#beyondCap.delete(key);
      if (!this.#open.has(key)) this.#review.delete(canonicalOf(key, key));
    }
  }

  /**
   * Whether a file the watcher reports may be read: one the last scan read, or a new one while the workspace is under
   * `surfaceReview.maxWorkspaceFiles`; past it, the file joins those left out.
   */
  #admit(file: string): boolean {
    if (this.#admitted.has(file)) return true;
    if (this.#beyondCap.has(file)) return false;
    if (this.#admitted.size < this.#maxFiles) {
      this.#admitted.add(file);
      return true;
    }
    this.#beyondCap.add(file);
    this.#registerBeyondCap(file);
    this.#scheduleStatus();
    return false;
  }

  /** A file left out by the limit still exists: links to it are not stale (nothing more is known of it). */
  #registerBeyondCap(file: string): void {
    this.#review.set({ uri: canonicalOf(file, file), root: this.#folderKey(file), path: this.#relative(file), format: 'unknown', skipped: true });
  }

  /** Says in the output (when the figures change) and once in a warning that the scan stopped at the file limit. */
  #tellCap(found: number, max: number): void {
    const message = `Surface Review: this workspace has ${found} JSON and YAML files, more than surfaceReview.maxWorkspaceFiles (${max}): the ${found - max} deepest were skipped. Files you open are still reviewed. Raise surfaceReview.maxWorkspaceFiles to review them all.`;
    if (message === this.#toldCap) return;
    const first = !this.#toldCap;
    this.#toldCap = message;
    this.#log(message);
    if (first) void this.#connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  }

  /** The workspace-wide settings (those of the first folder). */
  async #workspaceSettings() {
    const scope = this.#folders[0];
    return scope ? this.#settings.get(pathToFileURL(scope).toString()) : DEFAULT_SETTINGS;
  }

  /** Runs the cross-file review (after the first scan) and republishes the files whose cross-file findings changed. */
  #crossReview(): void {
    if (!this.#scanned || this.#scanning) return;
    for (const uri of this.#review.review()) this.#publish(keyOf(uri));
  }

  /** Publishes a file's own findings and its cross-file findings as one set of diagnostics. */
  #publish(key: string): void {
    const open = this.#open.get(key);
    const disk = open ? undefined : this.#fromDisk.get(key);
    const uri = open?.document.uri ?? pathToFileURL(key).toString();
    const result = open?.result ?? disk?.result;
    if (!result) {
      this.#connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const positions: Positions | undefined = open ? open.document : result.document ? this.#lineIndex(result.document) : undefined;
    const findings = [...result.findings, ...this.#review.findingsOf(canonicalOf(key, uri))];
    const positionsOf = (other: string) => this.positionsOf(other);
    this.#connection.sendDiagnostics({ uri, version: open?.version, diagnostics: positions ? capDiagnostics(findings, positions, positionsOf) : [] });
  }

  #lineIndex(document: ParsedDocument): LineIndex {
    let lines = this.#lines.get(document);
    if (!lines) {
      lines = new LineIndex(document.text);
      this.#lines.set(document, lines);
    }
    return lines;
  }

  #folderKey(file: string): string {
    return this.#folders.filter((f) => file === f || file.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0] ?? '';
  }

  /** Gives the cross-file review each folder's options (settings, policy, trust), and tells once why an untrusted policy is not applied. */
  async #updateOptions(): Promise<void> {
    const today = new Date();
    const loosened: string[] = [];
    for (const folder of ['', ...this.#folders]) {
      const scope = folder || this.#folders[0];
      const settings = scope ? await this.#settings.get(pathToFileURL(scope).toString()) : DEFAULT_SETTINGS;
      const policy = folder ? this.#policies?.forFile(path.join(folder, '.surface-review.yaml')) : undefined;
      this.#review.setOptions(folder, { today, rules: settings.rules, policy: policy?.policy, policyPath: policy?.file, trusted: this.#trusted });
      if (!this.#trusted) loosened.push(...loosenedByPolicy(policy?.policy).map((what) => (this.#folders.length > 1 ? `${path.basename(folder)}: ${what}` : what)));
    }
    if (this.#trusted || !loosened.length || this.#toldUntrusted) return;
    this.#toldUntrusted = true;
    const message = `Surface Review: this workspace is not trusted, so its policy file (.surface-review.yaml) may only tighten the review: ${loosened.join('; ')} ${loosened.length === 1 ? 'is' : 'are'} not applied. Trust the workspace to apply them.`;
    this.#log(message);
    void this.#connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  }

  #relative(file: string): string {
    const folder = this.#folders.find((f) => file === f || file.startsWith(f + path.sep));
    return (folder ? path.relative(folder, file) : path.basename(file)).split(path.sep).join('/');
  }

  #skip(key: string, reason: string): void {
    if (!this.#skipped.has(key)) this.#log(reason);
    this.#skipped.add(key);
  }

  #scheduleStatus(): void {
    if (this.#statusTimer) return;
    this.#statusTimer = setTimeout(() => {
      this.#statusTimer = undefined;
      this.#sendStatus();
    }, 50);
  }

  #sendStatus(): ReviewStatus {
    const status = this.status();
    void this.#connection.sendNotification(StatusNotification, status);
    for (const listener of [...this.#changeListeners]) listener();
    return status;
  }

  #log(line: string): void {
    this.#connection.console.log(line);
  }
}

function keyOf(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

const fileUris = new Map<string, string>();

/** The canonical uri of an index key (a file system path, or the uri of a document that is not a file). */
function canonicalOf(key: string, uri: string): string {
  if (!path.isAbsolute(key)) return canonicalUri(uri);
  let hit = fileUris.get(key);
  if (hit === undefined) {
    hit = pathToFileURL(key).toString();
    fileUris.set(key, hit);
  }
  return hit;
}

function countOf(result: AnalysisResult): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of result.findings) counts[f.severity]++;
  return counts;
}

/**
 * Splits the files a scan found into those it reads (at most `max`) and those it leaves out. Under the limit the
 * order is kept; over it the shallowest files are read first (inventories and policies sit near a folder's root),
 * then by path, so the same files are left out on every scan.
 */
function capFiles(files: readonly string[], max: number, relative: (file: string) => string): [read: string[], left: string[]] {
  if (files.length <= max) return [[...files], []];
  const keyed = files.map((file) => ({ file, rel: relative(file) }));
  const depth = (rel: string) => rel.split('/').length;
  keyed.sort((a, b) => depth(a.rel) - depth(b.rel) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : a.file < b.file ? -1 : 1));
  const sorted = keyed.map((k) => k.file);
  return [sorted.slice(0, max), sorted.slice(max)];
}

async function collect(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SCAN_SKIP_DIRS.has(entry.name)) await collect(full, out);
    } else if (entry.isFile() && CANDIDATE.test(entry.name)) {
      out.push(full);
    }
  }
}

async function readHead(file: string, bytes: number): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return new TextDecoder('utf-8').decode(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
