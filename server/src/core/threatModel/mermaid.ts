// The threat model as a Mermaid data-flow diagram: trust zones as subgraphs, flows inside the platform zone,
// surfaces on the far side of their boundary, one edge per surface in the direction data moves.
import type { Stride } from '../model/index.js';
import { strideSorted } from './build.js';
import type { ModelSurface, ThreatModel } from './types.js';

export interface MermaidOptions {
  /** Draw at most this many surfaces (highest score first); the rest are counted in a comment. Default 150. */
  readonly maxSurfaces?: number;
}

const DEFAULT_MAX = 150;
const MAX_LABEL = 60;

/** A `flowchart LR` Mermaid diagram of the model (the text inside a ```mermaid block). */
export function toMermaid(model: ThreatModel, options: MermaidOptions = {}): string {
  const max = options.maxSurfaces ?? DEFAULT_MAX;
  const drawn = model.surfaces.slice(0, max);
  const ids = new Ids();
  const members = new Map<string, string[]>(); // zone id → node lines
  const edges: string[] = [];
  const classes = new Map<string, string[]>(); // class → node ids
  const insideNodes = new Map<string, string>(); // zone + flow → node id
  const add = (zone: string, line: string) => members.set(zone, [...(members.get(zone) ?? []), line]);

  for (const surface of drawn) {
    const [from, to] = surface.boundaryId.split('->');
    const inbound = surface.direction === 'inbound' || surface.direction === 'bidirectional';
    const inside = inbound ? to : from;
    const outside = inbound ? from : to;
    const insideKey = `${inside}\0${surface.flowPath ?? ''}`;
    let insideId = insideNodes.get(insideKey);
    if (!insideId) {
      insideId = ids.next('f');
      insideNodes.set(insideKey, insideId);
      add(inside, `    ${insideId}[["${label(surface.flowPath ?? (surface.platform ? `${surface.platform} (no flow linked)` : 'solution'))}"]]`);
    }
    const surfaceId = ids.next('s');
    const shape = inbound ? `(["${label(surface.name)}"])` : surface.element === 'data-store' || surface.element === 'file-transfer' ? `[("${label(surface.name)}")]` : `["${label(surface.name)}"]`;
    add(outside, `    ${surfaceId}${shape}`);
    classes.set(surface.risk, [...(classes.get(surface.risk) ?? []), surfaceId]);
    const arrow = `-->|"${label(edgeLabel(surface))}"|`;
    edges.push(inbound ? `  ${surfaceId} ${arrow} ${insideId}` : `  ${insideId} ${arrow} ${surfaceId}`);
    if (surface.direction === 'bidirectional') edges.push(`  ${insideId} -.-> ${surfaceId}`);
  }

  const lines = ['flowchart LR'];
  for (const zone of model.zones) {
    const nodes = members.get(zone.id);
    if (!nodes) continue;
    const title = `${zone.id}${zone.kind ? ` (${zone.kind})` : ''}${zone.inferred ? ' · inferred' : ''}`;
    lines.push(`  subgraph ${ids.zone(zone.id)}["${label(title)}"]`, '    direction TB', ...nodes, '  end');
  }
  lines.push(...edges);
  lines.push(
    '  classDef critical fill:#f8d7da,stroke:#b02a37,color:#58151c',
    '  classDef high fill:#ffe5d0,stroke:#c4621a,color:#5c2c06',
    '  classDef medium fill:#fff3cd,stroke:#b08800,color:#4d3c00',
    '  classDef low fill:#d1e7dd,stroke:#2f7a4d,color:#0f3d24',
  );
  for (const [cls, nodeIds] of classes) lines.push(`  class ${nodeIds.join(',')} ${cls}`);
  if (model.surfaces.length > drawn.length) lines.push(`  %% ${model.surfaces.length - drawn.length} more surfaces (lower scores) are not drawn`);
  return lines.join('\n');
}

/** A Markdown document with the diagram, a legend and the open threats, for a preview or a report section. */
export function dataFlowMarkdown(model: ThreatModel, options: MermaidOptions = {}): string {
  const max = options.maxSurfaces ?? DEFAULT_MAX;
  const { summary } = model;
  const out = [
    '# Data-flow diagram',
    '',
    `${summary.surfaces} surface${summary.surfaces === 1 ? '' : 's'} across ${model.boundaries.length} trust boundar${model.boundaries.length === 1 ? 'y' : 'ies'}; ${summary.open} of ${summary.threats} STRIDE threats open (${summary.openByRisk.critical} on critical, ${summary.openByRisk.high} on high-risk surfaces).` +
      (summary.surfaces > max ? ` The diagram draws the ${max} highest-scoring surfaces.` : ''),
    '',
    '```mermaid',
    toMermaid(model, options),
    '```',
    '',
    'Subgraphs are trust zones; an edge is a surface crossing a boundary, in the direction data moves, labelled with its kind and open STRIDE threats (S spoofing, T tampering, R repudiation, I information disclosure, D denial of service, E elevation of privilege). Node colours are risk: red critical, orange high, yellow medium, green low.',
    '',
    '| boundary | surfaces | risk |',
    '|---|---|---|',
    ...model.boundaries.map((b) => `| ${cell(`${b.from.id} → ${b.to.id}`)}${b.inferred ? ' (inferred)' : ''} | ${b.surfaceIds.length} | ${b.risk} |`),
    '',
  ];
  return out.join('\n');
}

function edgeLabel(surface: ModelSurface): string {
  const open = strideSorted(surface.threats.filter((t) => t.state === 'open').map((t): Stride => t.stride));
  return `${surface.kind} · ${open.length ? `open ${open.join(' ')}` : 'mitigated'}`;
}

/** Safe inside a quoted Mermaid label: no quotes, angle brackets or line breaks; short. */
function label(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const short = flat.length > MAX_LABEL ? `${flat.slice(0, MAX_LABEL - 1)}…` : flat;
  return short.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\|/g, '#124;');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Short, unique Mermaid ids (user text never becomes an id). */
class Ids {
  #n = 0;
  readonly #zones = new Map<string, string>();

  next(prefix: string): string {
    return `${prefix}${++this.#n}`;
  }

  zone(id: string): string {
    let z = this.#zones.get(id);
    if (!z) {
      z = this.next('z');
      this.#zones.set(id, z);
    }
    return z;
  }
}
