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
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';
import { StatusNotification, type ReviewStatus } from '../../server/src/protocol.js';

const SERVER = path.resolve(__dirname, '../../dist/server.js');

export const uriOf = (file: string) => pathToFileURL(file).toString();

export class LspSession {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  /** The last diagnostics published per uri, and every publication in order. */
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly publications: PublishDiagnosticsParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly statuses: ReviewStatus[] = [];
  #waiters: (() => void)[] = [];

  /** `settings`: the `surfaceReview` section the client answers `workspace/configuration` with. */
  constructor(settings: object = { enable: true, rules: {}, maxFileSizeKB: 10240 }) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    const record = <T>(list: T[]) => (item: T) => {
      list.push(item);
      for (const w of this.#waiters) w();
    };
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.set(p.uri, p);
      record(this.publications)(p);
    });
    this.connection.onNotification(StatusNotification, record(this.statuses));
    this.connection.onNotification(ShowMessageNotification.type, record(this.messages));
    this.connection.onNotification(LogMessageNotification.type, (m) => record(this.logs)(m.message));
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings));
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.listen();
  }

  /** Initializes on `folders` and, when there are any, waits for the first scan to finish. */
  async start(folders: string[]): Promise<void> {
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folders.map((f, i) => ({ uri: uriOf(f), name: `ws${i}` })),
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    if (folders.length) await this.until('the first scan', () => this.statuses.some((s) => !s.scanning && s.files > 0));
  }

  /** Waits until `predicate` holds, re-checking on every message from the server. */
  async until<T>(what: string, predicate: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = predicate();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(200, end - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.#waiters = [];
    }
  }

  diagnostics(uri: string, code?: string): Diagnostic[] {
    return (this.published.get(uri)?.diagnostics ?? []).filter((d) => code === undefined || d.code === code);
  }

  stop(): void {
    this.connection.dispose();
    this.child.kill();
  }
}
