// The workspace index: every file's latest analysis (open documents from the editor, the rest from disk),
// published as diagnostics and summed up for the status bar.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, FileEvent, TextDocuments } from 'vscode-languageserver';
import { FileChangeType } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, LineIndex, sniff, type AnalysisResult } from '../core/index.js';
import type { ReviewStatus, SeverityCounts } from '../protocol.js';
import { StatusNotification } from '../protocol.js';
import { fromSettings, type SettingsCache } from './configuration.js';
import { toDiagnostic } from './diagnostics.js';
import type { PolicyStore } from './policy.js';

const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);
const CANDIDATE = /\.(json|ya?ml)$/i;
/** Edits closer together than this are analysed once. */
const DEBOUNCE_MS = 25;

interface Entry {
  readonly result: AnalysisResult;
  readonly counts: SeverityCounts;
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
}

export class Workspace {
  readonly #connection: Connection;
  readonly #documents: TextDocuments<TextDocument>;
  readonly #settings: SettingsCache;
  readonly #policies: PolicyStore | undefined;
  readonly #fromDisk = new Map<string, Entry>();
  readonly #open = new Map<string, OpenEntry>();
  readonly #pending = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #skipped = new Set<string>();
  #folders: string[] = [];
  #scanning = false;
  #statusTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #changeListeners = new Set<() => void>();

  constructor(connection: Connection, documents: TextDocuments<TextDocument>, settings: SettingsCache, policies?: PolicyStore) {
    this.#policies = policies;
    this.#connection = connection;
    this.#documents = documents;
    this.#settings = settings;
  }

  setFolders(uris: readonly string[]): void {
    this.#folders = uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
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

  /** Schedules the analysis of an opened or edited document; stale edits are dropped. */
  onOpenOrChange(document: TextDocument): void {
    const key = keyOf(document.uri);
    clearTimeout(this.#pending.get(key));
    this.#pending.set(key, setTimeout(() => {
      this.#pending.delete(key);
      void this.#analyzeOpen(document).catch((e) => this.#log(`analysis failed for ${document.uri}: ${(e as Error).message}`));
    }, DEBOUNCE_MS));
  }

  /** A closed document falls back to what is on disk. */
  async onClose(uri: string): Promise<void> {
    const key = keyOf(uri);
    clearTimeout(this.#pending.get(key));
    this.#pending.delete(key);
    this.#open.delete(key);
    if (uri.startsWith('file:')) await this.#analyzeFile(fileURLToPath(uri));
    else this.#connection.sendDiagnostics({ uri, diagnostics: [] });
    this.#scheduleStatus();
  }

  async onWatchedFiles(changes: readonly FileEvent[]): Promise<void> {
    for (const change of changes) {
      if (!change.uri.startsWith('file:')) continue;
      const file = fileURLToPath(change.uri);
      if (this.#open.has(keyOf(change.uri))) continue;
      if (change.type === FileChangeType.Deleted) {
        this.#fromDisk.delete(file);
        this.#connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
      } else if (CANDIDATE.test(file)) {
        await this.#analyzeFile(file);
      }
    }
    this.#scheduleStatus();
  }

  /** Re-reads every candidate file of the workspace folders, with progress; returns the new status. */
  async scan(): Promise<ReviewStatus> {
    this.#scanning = true;
    this.#skipped.clear();
    this.#sendStatus();
    const progress = await this.#connection.window.createWorkDoneProgress().catch(() => undefined);
    try {
      const files: string[] = [];
      for (const folder of this.#folders) await collect(folder, files);
      progress?.begin('Surface Review', 0, `Reviewing ${files.length} files`, true);
      const seen = new Set(files);
      for (const key of this.#fromDisk.keys()) if (!seen.has(key)) this.#fromDisk.delete(key);
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
      this.#log(`Reviewed ${files.length} files in ${this.#folders.length} folder(s).`);
    } finally {
      progress?.done();
      this.#scanning = false;
    }
    return this.#sendStatus();
  }

  /** Re-analyses everything (after a settings change). */
  async refresh(): Promise<void> {
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
      out.push({ uri, path: this.#relative(key), root, result });
    };
    for (const [key, entry] of this.#fromDisk) if (!this.#open.has(key)) add(key, pathToFileURL(key).toString(), entry.result);
    for (const [key, entry] of this.#open) add(key, entry.document.uri, entry.result);
    return out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  status(): ReviewStatus {
    const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
    let files = 0;
    const add = (entry: Entry) => {
      if (entry.result.format === 'unknown') return;
      files++;
      for (const k of Object.keys(counts) as (keyof SeverityCounts)[]) counts[k] += entry.counts[k];
    };
    for (const [key, entry] of this.#fromDisk) if (!this.#open.has(key)) add(entry);
    for (const entry of this.#open.values()) add(entry);
    return { files, counts, skipped: this.#skipped.size, scanning: this.#scanning };
  }

  async #analyzeOpen(document: TextDocument): Promise<OpenEntry> {
    const settings = await this.#settings.get(document.uri);
    const key = keyOf(document.uri);
    const result = settings.enable
      ? analyze({ uri: document.uri, path: this.#relative(key), text: document.getText() }, fromSettings(settings, new Date(), this.#policies?.forFile(key)))
      : { format: 'unknown' as const, detail: 'unknown' as const, findings: [] };
    if (result.skipped) this.#skip(key, result.skipped);
    const entry: OpenEntry = { result, counts: countOf(result), version: document.version, document };
    // A newer version may have been analysed while this one waited for settings: never publish over it.
    const current = this.#open.get(key);
    if (current && current.version > document.version) return current;
    this.#open.set(key, entry);
    this.#connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: result.findings.map((f) => toDiagnostic(f, document)) });
    this.#scheduleStatus();
    return entry;
  }

  async #analyzeFile(file: string): Promise<void> {
    const uri = pathToFileURL(file).toString();
    try {
      const settings = await this.#settings.get(uri);
      if (!settings.enable) {
        this.#fromDisk.delete(file);
        this.#connection.sendDiagnostics({ uri, diagnostics: [] });
        return;
      }
      const stat = await fs.stat(file);
      const relative = this.#relative(file);
      if (stat.size > settings.maxFileSizeKB * 1024) {
        const head = await readHead(file, 64 * 1024);
        if (sniff(head, relative).format !== 'unknown') this.#skip(file, `${relative}: skipped, ${Math.round(stat.size / 1024)} KB is over the ${settings.maxFileSizeKB} KB limit (surfaceReview.maxFileSizeKB).`);
        this.#fromDisk.delete(file);
        return;
      }
      const bytes = await fs.readFile(file);
      if (bytes.includes(0)) return; // binary: not ours
      const text = new TextDecoder('utf-8').decode(bytes); // strips a BOM, as the editor does
      const result = analyze({ uri, path: relative, text }, fromSettings(settings, new Date(), this.#policies?.forFile(file)));
      const had = this.#fromDisk.has(file);
      if (result.format === 'unknown' && !had) return;
      this.#fromDisk.set(file, { result, counts: countOf(result) });
      const lines = new LineIndex(text);
      this.#connection.sendDiagnostics({ uri, diagnostics: result.findings.map((f) => toDiagnostic(f, lines)) });
    } catch (e) {
      this.#log(`${this.#relative(file)}: not read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
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

function countOf(result: AnalysisResult): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of result.findings) counts[f.severity]++;
  return counts;
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
      if (!SKIP_DIRS.has(entry.name)) await collect(full, out);
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
