// The JSON report of DESIGN §8: the CLI's `--format json`, a public contract CI pipelines key on.
import type { Severity } from '../model/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../meta.js';
import type { FileFormat } from '../sniff.js';
import type { Position } from '../source.js';
import { flowSurfaces, type FlowSurface } from '../model/surfaces.js';
import { maskEndpoint } from '../secrets/redact.js';
import { placeFindings, type Review } from './review.js';

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: { start: Position; end: Position };
  fingerprint: string;
  surfaceId?: string;
  evidence?: string;
}

export interface JsonSurface extends Omit<FlowSurface, 'pointer'> {
  file: string;
}

export interface JsonReport {
  version: string;
  tool: string;
  files: { file: string; format: FileFormat; nodes?: number; surfaces?: number; skipped?: string }[];
  surfaces: JsonSurface[];
  findings: JsonFinding[];
  summary: { files: number; findings: number; bySeverity: Record<Severity, number>; byRule: Record<string, number> };
}

export function toJsonReport(review: Review): JsonReport {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  const byRule: Record<string, number> = {};
  const findings: JsonFinding[] = placeFindings(review).map(({ file, finding: f, start, end }) => {
    bySeverity[f.severity]++;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: file.path,
      range: { start, end },
      fingerprint: f.fingerprint,
      ...(f.surfaceId !== undefined ? { surfaceId: f.surfaceId } : {}),
      ...(f.evidence !== undefined ? { evidence: f.evidence } : {}),
    };
  });
  const surfaces: JsonSurface[] = [];
  const files = review.files.map((r) => {
    const found = r.flow ? flowSurfaces(r.flow) : undefined;
    for (const { pointer: _pointer, ...s } of found ?? []) surfaces.push({ file: r.path, ...s, ...(s.endpoint !== undefined ? { endpoint: maskEndpoint(s.endpoint) } : {}) });
    return {
      file: r.path,
      format: r.format,
      ...(r.flow ? { nodes: r.flow.nodes.length } : {}),
      ...(found ? { surfaces: found.length } : {}),
      ...(r.skipped !== undefined ? { skipped: r.skipped } : {}),
    };
  });
  return {
    version: TOOL_VERSION,
    tool: TOOL_NAME,
    files,
    surfaces,
    findings,
    summary: { files: review.files.filter((r) => r.format !== 'unknown').length, findings: findings.length, bySeverity, byRule },
  };
}
