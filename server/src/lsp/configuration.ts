// Settings pulled per resource (`workspace/configuration`) → the core's AnalysisOptions, in one place.
// A new setting touches: package.json `contributes.configuration`, `Settings`, `fromSettings`, and the core.
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_MAX_FILE_SIZE_KB, type AnalysisOptions, type SeverityOverride } from '../core/index.js';
import type { FolderPolicy } from './policy.js';

/** The `surfaceReview.*` settings as VS Code sends them. */
export interface Settings {
  enable: boolean;
  rules: Record<string, SeverityOverride>;
  maxFileSizeKB: number;
  /** At most this many JSON and YAML files of the workspace are read by the scan (open documents always are). */
  maxWorkspaceFiles: number;
  /**
   * `threatModel.changedSince`: the git revision the threat view marks changes since; '' for the merge base of HEAD
   * with the default branch, `off` (or `none`) for no comparison. Read by lsp/changedSince.ts, not by the core.
   */
  changedSince: string;
}

/** Twice the 5,000-flow workspace of the budgets (DESIGN §10): a large real workspace fits, a huge tree stays bounded. */
export const DEFAULT_MAX_WORKSPACE_FILES = 10_000;

export const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB, maxWorkspaceFiles: DEFAULT_MAX_WORKSPACE_FILES, changedSince: '' };

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Validates raw settings (anything may arrive) and fills defaults. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof Settings, unknown>>;
  const rules: Record<string, SeverityOverride> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, level] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof level === 'string' && LEVELS.has(level)) rules[id] = level as SeverityOverride;
    }
  }
  const max = typeof r.maxFileSizeKB === 'number' && r.maxFileSizeKB > 0 ? r.maxFileSizeKB : DEFAULT_SETTINGS.maxFileSizeKB;
  const files = typeof r.maxWorkspaceFiles === 'number' && r.maxWorkspaceFiles >= 1 ? Math.floor(r.maxWorkspaceFiles) : DEFAULT_SETTINGS.maxWorkspaceFiles;
  const since = (r as { threatModel?: { changedSince?: unknown } }).threatModel?.changedSince;
  return { enable: r.enable !== false, rules, maxFileSizeKB: max, maxWorkspaceFiles: files, changedSince: typeof since === 'string' ? since.trim() : '' };
}

/**
 * The core's options for these settings, today, with the folder's policy and CODEOWNERS when there are any. In an
 * untrusted workspace (`trusted` false) the core lets the policy only tighten (core/precedence.ts).
 */
export function fromSettings(settings: Settings, today = new Date(), folder?: FolderPolicy, trusted = true): AnalysisOptions {
  return { today, rules: settings.rules, maxFileSizeKB: settings.maxFileSizeKB, policy: folder?.policy, knownOwners: folder?.knownOwners, ...(trusted ? {} : { trusted: false }) };
}

/** Pulls settings per resource and caches them until the configuration changes. */
export class SettingsCache {
  readonly #connection: Connection;
  readonly #cache = new Map<string, Promise<Settings>>();
  #supported = false;

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  /** Call from `initialize`: whether the client answers `workspace/configuration`. */
  setSupported(supported: boolean): void {
    this.#supported = supported;
  }

  get(uri: string): Promise<Settings> {
    if (!this.#supported) return Promise.resolve(DEFAULT_SETTINGS);
    let hit = this.#cache.get(uri);
    if (!hit) {
      hit = this.#connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'surfaceReview' })
        .then(normalizeSettings, () => DEFAULT_SETTINGS);
      this.#cache.set(uri, hit);
    }
    return hit;
  }

  clear(): void {
    this.#cache.clear();
  }
}
