// The review policy (`.surface-review.yaml`) and CODEOWNERS of each workspace folder, read from disk and
// re-read when they change, so the core gets a typed Policy and the known owners with every analysis.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileEvent } from 'vscode-languageserver';
import { ownersFromCodeowners, policyFromText, type Policy } from '../core/index.js';

export const POLICY_FILES = ['.surface-review.yaml', '.surface-review.yml'];
const CODEOWNERS_FILES = ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

/** What a folder contributes to every analysis of its files. */
export interface FolderPolicy {
  readonly policy?: Policy;
  /** The policy file's name in the folder (`.surface-review.yaml` or `.yml`), when there is one. */
  readonly file?: string;
  readonly knownOwners: readonly string[];
}

const NONE: FolderPolicy = { knownOwners: [] };

export class PolicyStore {
  readonly #byFolder = new Map<string, FolderPolicy>();
  #folders: string[] = [];
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  /** Reads the policy and CODEOWNERS of each folder (file system paths). */
  async load(folders: readonly string[]): Promise<void> {
    this.#folders = [...folders];
    this.#byFolder.clear();
    for (const folder of folders) this.#byFolder.set(folder, await readFolder(folder, this.#log));
  }

  /** The policy of the folder that holds `file` (a file system path or URI); none outside every folder. */
  forFile(file: string): FolderPolicy {
    const fsPath = file.startsWith('file:') ? fileURLToPath(file) : file;
    const folder = this.#folders.filter((f) => fsPath === f || fsPath.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
    return (folder && this.#byFolder.get(folder)) || NONE;
  }

  /** The workspace folders (file system paths), as last loaded. */
  folders(): readonly string[] {
    return this.#folders;
  }

  /** Re-reads the folders whose policy or CODEOWNERS changed; true when any did (the caller then re-reviews). */
  async onWatchedFiles(changes: readonly FileEvent[]): Promise<boolean> {
    const touched = new Set<string>();
    for (const change of changes) {
      if (!change.uri.startsWith('file:')) continue;
      const file = fileURLToPath(change.uri);
      for (const folder of this.#folders) {
        const relative = path.relative(folder, file).split(path.sep).join('/');
        if (POLICY_FILES.includes(relative) || CODEOWNERS_FILES.includes(relative)) touched.add(folder);
      }
    }
    for (const folder of touched) this.#byFolder.set(folder, await readFolder(folder, this.#log));
    return touched.size > 0;
  }
}

async function readFolder(folder: string, log: (line: string) => void): Promise<FolderPolicy> {
  let policy: Policy | undefined;
  let file: string | undefined;
  for (const name of POLICY_FILES) {
    const text = await readOptional(path.join(folder, name));
    if (text === undefined) continue;
    policy = policyFromText(text);
    file = name;
    log(`Policy: ${name} read from ${folder}.`);
    break;
  }
  let knownOwners: string[] = [];
  for (const name of CODEOWNERS_FILES) {
    const text = await readOptional(path.join(folder, name));
    if (text === undefined) continue;
    knownOwners = ownersFromCodeowners(text);
    break;
  }
  return { policy, file, knownOwners };
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
