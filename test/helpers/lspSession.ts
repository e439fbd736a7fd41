// A language server (dist/server.js over stdio) driven by a test: records what it publishes, shows and logs, and
// waits on its messages rather than on time.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type NotificationType,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';
import { StatusNotification, type ReviewStatus } from '../../server/src/protocol.js';

const SERVER = path.resolve(__dirname, '../../dist/server.js');

export const uriOf = (file: string) => pathToFileURL(file).toString();

/** The `surfaceReview` section the client answers `workspace/configuration` with unless a test gives its own. */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = { enable: true, rules: {}, maxFileSizeKB: 10240 };

export interface SessionOptions {
  /** Node.js options before the server script, e.g. `['--require', preload]`. */
  readonly execArgv?: readonly string[];
  /** The server's environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface StartOptions {
  /** `initializationOptions` of the `initialize` request, e.g. `{ workspaceTrusted: false }`. */
  readonly initializationOptions?: object;
  /**
   * Client capabilities besides `workspace.configuration` and `window.workDoneProgress` (always on): `workspace` and
   * `window` are merged into those, anything else is added as it is.
   */
  readonly capabilities?: ClientCapabilities;
}

type Awaitable<T> = T | PromiseLike<T>;

export class LspSession {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  /** The last diagnostics published per uri, and every publication in order. */
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly publications: PublishDiagnosticsParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly statuses: ReviewStatus[] = [];
  #waiters = new Set<() => void>();

  /** `settings`: the `surfaceReview` section the client answers `workspace/configuration` with. */
  constructor(settings: object = DEFAULT_SETTINGS, options: SessionOptions = {}) {
    this.child = spawn(process.execPath, [...(options.execArgv ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: options.env ?? process.env });
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.set(p.uri, p);
      this.#push(this.publications, p);
    });
    this.connection.onNotification(StatusNotification, (s) => this.#push(this.statuses, s));
    this.connection.onNotification(ShowMessageNotification.type, (m) => this.#push(this.messages, m));
    this.connection.onNotification(LogMessageNotification.type, (m) => this.#push(this.logs, m.message));
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings));
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.listen();
  }

  #push<T>(list: T[], item: T): void {
    list.push(item);
    for (const w of this.#waiters) w();
  }

  /** Records every notification of `type` from now on (call it before `start` to miss none); `until` wakes on them. */
  record<P>(type: NotificationType<P>): P[] {
    const list: P[] = [];
    this.connection.onNotification(type, (p: P) => this.#push(list, p));
    return list;
  }

  /** Initializes on `folders` and, when there are any, waits for the first scan to finish. */
  async start(folders: string[], options: StartOptions = {}): Promise<InitializeResult> {
    const { workspace, window, ...other } = options.capabilities ?? {};
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folders.map((f, i) => ({ uri: uriOf(f), name: `ws${i}` })),
      capabilities: { ...other, workspace: { ...workspace, configuration: true }, window: { ...window, workDoneProgress: true } },
      initializationOptions: options.initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    if (folders.length) await this.until('the first scan', () => this.statuses.some((s) => !s.scanning && s.files > 0));
    return result;
  }

  /**
   * Waits until `predicate` holds (or resolves to something that holds), re-checking on every message from the server
   * and at least every 200 ms; on a timeout, the error ends with the server's last output lines.
   */
  async until<T>(what: string, predicate: () => Awaitable<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await predicate();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the server's last output:\n${this.logs.slice(-50).join('\n')}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(200, end - Date.now()));
        this.#waiters.add(wake);
      });
    }
  }

  /** Waits until the last publication for `uri` satisfies `accept` (by default: any publication), and returns it. */
  waitForPublication(uri: string, what: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    return this.until(what, () => {
      const p = this.published.get(uri);
      return p && accept(p) ? p : undefined;
    }, timeoutMs);
  }

  /** Waits until the last diagnostics published for `uri` include some (of rule `code`, when given), and returns those. */
  waitForDiagnostics(uri: string, what: string, code?: string, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.until(what, () => {
      const found = this.diagnostics(uri, code);
      return found.length ? found : undefined;
    }, timeoutMs);
  }

  /** The diagnostics last published for `uri` (of rule `code`, when given); none before the first publication. */
  diagnostics(uri: string, code?: string): Diagnostic[] {
    return (this.published.get(uri)?.diagnostics ?? []).filter((d) => code === undefined || d.code === code);
  }

  stop(): void {
    this.connection.dispose();
    this.child.kill();
  }
}
