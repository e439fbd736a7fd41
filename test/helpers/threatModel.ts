// Builds threat models from inline or on-disk example workspaces, analysed as the editor and the CLI do.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/index.js';
import type { ModelSurface, ModelThreat, ThreatModelFile } from '../../server/src/core/threatModel/index.js';
import { TODAY } from './analyze.js';

/** A workspace snapshot of `files` (path → text), every file analysed on {@link TODAY}. */
export function snapshotOf(files: Readonly<Record<string, string>>, root = ''): ThreatModelFile[] {
  return Object.entries(files).flatMap(([file, text]) => {
    const uri = `file:///ws/${file}`;
    const result = analyze({ uri, path: file, text }, { today: TODAY });
    return result.format === 'unknown' ? [] : [{ uri, path: file, root, format: result.format, findings: result.findings, flow: result.flow, document: result.document }];
  });
}

/** Every JSON/YAML file under `dir`, keyed by its path relative to `dir`. */
export function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(json|ya?ml)$/i.test(name)) out[path.relative(dir, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** `S:open T:mitigated ...` for a surface, in STRIDE order. */
export function states(surface: ModelSurface): string {
  return surface.threats.map((t) => `${t.stride}:${t.state}`).join(' ');
}

/** The surface's threat of `stride`. */
export function threat(surface: ModelSurface, stride: string): ModelThreat {
  const t = surface.threats.find((x) => x.stride === stride);
  if (!t) throw new Error(`surface ${surface.id} has no ${stride} threat (it has ${states(surface)})`);
  return t;
}

/** An n8n workflow export with these nodes and connections. */
export function n8n(nodes: object[], extra: object = {}): string {
  return JSON.stringify({ name: 'Flow', nodes, connections: {}, ...extra }, null, 2);
}
