// The threat-model tree view over the server's DTO (protocol.ts): groups (trust boundary, owner, platform or risk)
// → surfaces → STRIDE threats → the findings that keep them open and the evidence that mitigates them.
// Nodes are plain data; `toTreeItem` is the one place that maps them to tree items.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ThreatModelRequest,
  ThreatModelSurfaceRequest,
  type ThreatModelDto,
  type ThreatModelEvidence,
  type ThreatModelFinding,
  type ThreatModelLocation,
  type ThreatModelSurfaceDetail,
  type ThreatModelSurfaceSummary,
  type ThreatModelThreat,
  type ThreatRisk,
} from '../../server/src/protocol';

export type GroupBy = 'boundary' | 'owner' | 'platform' | 'risk';
export const GROUP_BYS: readonly GroupBy[] = ['boundary', 'owner', 'platform', 'risk'];

export type ThreatNode =
  | { readonly type: 'group'; readonly id: string; readonly label: string; readonly description: string; readonly tooltip: string; readonly risk: ThreatRisk; readonly groupBy: GroupBy; readonly surfaces: readonly ThreatModelSurfaceSummary[] }
  | { readonly type: 'surface'; readonly id: string; readonly surface: ThreatModelSurfaceSummary }
  | { readonly type: 'threat'; readonly id: string; readonly surface: ThreatModelSurfaceSummary; readonly threat: ThreatModelThreat }
  | { readonly type: 'finding'; readonly id: string; readonly finding: ThreatModelFinding }
  | { readonly type: 'evidence'; readonly id: string; readonly evidence: ThreatModelEvidence }
  | { readonly type: 'missing'; readonly id: string; readonly label: string; readonly control: string }
  | { readonly type: 'other'; readonly id: string; readonly findings: readonly ThreatModelFinding[] };

const RISK_ORDER: readonly ThreatRisk[] = ['critical', 'high', 'medium', 'low'];
const RISK_ICON: Readonly<Record<ThreatRisk, [string, string]>> = {
  critical: ['flame', 'errorForeground'],
  high: ['warning', 'list.warningForeground'],
  medium: ['info', 'editorInfo.foreground'],
  low: ['pass', 'testing.iconPassed'],
};
const SEVERITY_ICON: Readonly<Record<ThreatModelFinding['severity'], [string, string]>> = {
  error: ['error', 'list.errorForeground'],
  warning: ['warning', 'list.warningForeground'],
  info: ['info', 'editorInfo.foreground'],
  hint: ['lightbulb', 'editorHint.foreground'],
};

/** Holds the last model, answers the tree, and refreshes on demand (ids are stable, so expansion survives). */
export class ThreatModelProvider implements vscode.TreeDataProvider<ThreatNode>, vscode.Disposable {
  readonly #client: LanguageClient;
  readonly #changed = new vscode.EventEmitter<ThreatNode | undefined>();
  readonly onDidChangeTreeData = this.#changed.event;
  readonly #refreshed = new vscode.EventEmitter<ThreatModelDto>();
  /** Fires after each refresh with the model it loaded. */
  readonly onDidRefresh = this.#refreshed.event;
  #model: ThreatModelDto | undefined;
  #details = new Map<string, Promise<ThreatModelSurfaceDetail | null>>();
  #groupBy: GroupBy = 'boundary';
  #openOnly = false;
  #refreshing: Promise<ThreatModelDto | undefined> | undefined;
  #again = false;

  constructor(client: LanguageClient) {
    this.#client = client;
  }

  get model(): ThreatModelDto | undefined {
    return this.#model;
  }

  get groupBy(): GroupBy {
    return this.#groupBy;
  }

  get openOnly(): boolean {
    return this.#openOnly;
  }

  setGroupBy(groupBy: GroupBy): void {
    this.#groupBy = groupBy;
    this.#changed.fire(undefined);
  }

  setOpenOnly(openOnly: boolean): void {
    this.#openOnly = openOnly;
    this.#changed.fire(undefined);
  }

  /** Asks the server for the model; overlapping calls coalesce into one more request after the running one. */
  refresh(): Promise<ThreatModelDto | undefined> {
    if (this.#refreshing) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      let model: ThreatModelDto | undefined;
      do {
        this.#again = false;
        model = await this.#client.sendRequest(ThreatModelRequest);
        this.#model = model;
        this.#details = new Map();
      } while (this.#again);
      return model;
    })().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing.then((model) => {
      this.#changed.fire(undefined);
      if (model) this.#refreshed.fire(model);
      return model;
    });
  }

  /** A surface's threats (cached per model version). */
  detail(surfaceId: string): Promise<ThreatModelSurfaceDetail | null> {
    let detail = this.#details.get(surfaceId);
    if (!detail) {
      detail = Promise.resolve(this.#client.sendRequest(ThreatModelSurfaceRequest, { id: surfaceId }));
      this.#details.set(surfaceId, detail);
    }
    return detail;
  }

  getTreeItem(node: ThreatNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  async getChildren(node?: ThreatNode): Promise<ThreatNode[]> {
    const model = this.#model;
    if (!model) return [];
    if (!node) return groupsOf(model, this.#groupBy, this.#openOnly);
    switch (node.type) {
      case 'group':
        return node.surfaces.filter((s) => !this.#openOnly || s.open.length > 0).map((surface) => ({ type: 'surface', id: `${node.id}/${surface.id}`, surface }));
      case 'surface': {
        const detail = await this.detail(node.surface.id);
        if (!detail) return [];
        const threats: ThreatNode[] = detail.threats
          .filter((t) => !this.#openOnly || t.state === 'open')
          .map((threat) => ({ type: 'threat', id: `${node.id}/${threat.stride}`, surface: node.surface, threat }));
        if (detail.otherFindings.length) threats.push({ type: 'other', id: `${node.id}/other`, findings: detail.otherFindings });
        return threats;
      }
      case 'threat':
        return [
          ...node.threat.findings.map((finding): ThreatNode => ({ type: 'finding', id: `${node.id}/f:${finding.fingerprint}`, finding })),
          ...node.threat.evidence.map((evidence): ThreatNode => ({ type: 'evidence', id: `${node.id}/e:${evidence.control}`, evidence })),
          ...node.threat.missing.map((m): ThreatNode => ({ type: 'missing', id: `${node.id}/m:${m.control}`, label: m.label, control: m.control })),
        ];
      case 'other':
        return node.findings.map((finding) => ({ type: 'finding', id: `${node.id}/f:${finding.fingerprint}`, finding }));
      default:
        return [];
    }
  }

  dispose(): void {
    this.#changed.dispose();
    this.#refreshed.dispose();
  }
}

/** The top level: one group per boundary, owner, platform or risk, riskiest first. */
export function groupsOf(model: ThreatModelDto, groupBy: GroupBy, openOnly: boolean): ThreatNode[] {
  const visible = (s: ThreatModelSurfaceSummary) => !openOnly || s.open.length > 0;
  if (groupBy === 'boundary') {
    const byId = new Map(model.surfaces.map((s) => [s.id, s]));
    return model.boundaries
      .map((b): ThreatNode => {
        const surfaces = b.surfaceIds.flatMap((id) => byId.get(id) ?? []);
        const zone = (z: typeof b.from) => `${z.id}${z.kind ? ` (${z.kind})` : ''}${z.description ? `: ${z.description}` : ''}${z.inferred ? ' — inferred from the flows' : ''}`;
        return {
          type: 'group',
          id: `boundary:${b.id}`,
          label: `${b.from.id} → ${b.to.id}`,
          description: countsOf(surfaces) + (b.inferred ? ' · inferred' : ''),
          tooltip: `Trust boundary\n\nfrom ${zone(b.from)}\nto ${zone(b.to)}`,
          risk: b.risk,
          groupBy,
          surfaces,
        };
      })
      .filter((g) => g.type === 'group' && g.surfaces.some(visible));
  }
  const keyOf = (s: ThreatModelSurfaceSummary): string => (groupBy === 'owner' ? s.owner ?? '(no owner)' : groupBy === 'platform' ? s.platform ?? '(no platform)' : s.risk);
  const groups = new Map<string, ThreatModelSurfaceSummary[]>();
  for (const s of model.surfaces) groups.set(keyOf(s), [...(groups.get(keyOf(s)) ?? []), s]);
  const riskOf = (surfaces: readonly ThreatModelSurfaceSummary[]) => RISK_ORDER.find((r) => surfaces.some((s) => s.risk === r)) ?? 'low';
  return [...groups]
    .filter(([, surfaces]) => surfaces.some(visible))
    .sort(([a, sa], [b, sb]) => RISK_ORDER.indexOf(riskOf(sa)) - RISK_ORDER.indexOf(riskOf(sb)) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, surfaces]): ThreatNode => ({
      type: 'group',
      id: `${groupBy}:${key}`,
      label: groupBy === 'risk' ? `${key[0].toUpperCase()}${key.slice(1)} risk` : key,
      description: countsOf(surfaces),
      tooltip: `${groupBy === 'owner' ? 'Owner' : groupBy === 'platform' ? 'Platform' : 'Risk'}: ${key}`,
      risk: riskOf(surfaces),
      groupBy,
      surfaces,
    }));
}

function countsOf(surfaces: readonly ThreatModelSurfaceSummary[]): string {
  const open = surfaces.reduce((n, s) => n + s.open.length, 0);
  return `${surfaces.length} surface${surfaces.length === 1 ? '' : 's'} · ${open} open`;
}

/** DTO node → tree item: label, description, icon, tooltip, command. */
export function toTreeItem(node: ThreatNode): vscode.TreeItem {
  const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
  switch (node.type) {
    case 'group': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.iconPath = node.groupBy === 'risk' ? riskIcon(node.risk) : new vscode.ThemeIcon(node.groupBy === 'owner' ? 'person' : node.groupBy === 'platform' ? 'server-process' : 'debug-disconnect', new vscode.ThemeColor(RISK_ICON[node.risk][1]));
      item.contextValue = `surfaceReview.group.${node.groupBy}`;
      return item;
    }
    case 'surface': {
      const s = node.surface;
      const item = new vscode.TreeItem(s.name, Collapsed);
      item.id = node.id;
      item.description = `${s.owner ?? 'no owner'} · ${s.open.length} open, ${s.mitigated.length} mitigated${s.findings ? ` · ${s.findings} finding${s.findings === 1 ? '' : 's'}` : ''}`;
      item.iconPath = riskIcon(s.risk);
      item.tooltip = surfaceTooltip(s);
      item.contextValue = `surfaceReview.surface.${s.open.length ? 'open' : 'mitigated'}`;
      item.command = openCommand(s.locations[0], 'Open the surface');
      return item;
    }
    case 'threat': {
      const t = node.threat;
      const hasChildren = t.findings.length + t.evidence.length + t.missing.length > 0;
      const item = new vscode.TreeItem(`${t.category}: ${t.title}`, hasChildren ? Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = t.state === 'open' ? `open${t.findings.length ? ` · ${t.findings.length} finding${t.findings.length === 1 ? '' : 's'}` : ' · no evidence'}` : 'mitigated';
      item.iconPath = t.state === 'open' ? new vscode.ThemeIcon('unlock', new vscode.ThemeColor(RISK_ICON[t.risk][1])) : new vscode.ThemeIcon('shield', new vscode.ThemeColor('testing.iconPassed'));
      const tooltip = new vscode.MarkdownString();
      tooltip.appendMarkdown(`**${t.stride} · ${t.category}: ${escape(t.title)}** — ${t.state}\n\n`);
      tooltip.appendText(`${t.description}\n\n${t.rationale}`);
      item.tooltip = tooltip;
      item.contextValue = `surfaceReview.threat.${t.state}`;
      item.command = openCommand(t.findings[0]?.location ?? t.evidence.find((e) => e.location)?.location ?? node.surface.locations[0], 'Open what decides this threat');
      return item;
    }
    case 'finding': {
      const f = node.finding;
      const item = new vscode.TreeItem(f.ruleId, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = `${f.elsewhere ? '(elsewhere in the flow) ' : ''}${f.message}`;
      item.iconPath = new vscode.ThemeIcon(...iconArgs(SEVERITY_ICON[f.severity]));
      item.tooltip = new vscode.MarkdownString().appendMarkdown(`**${escape(f.ruleId)}** (${f.severity}, STRIDE ${f.stride.join(' ') || '—'})\n\n`).appendText(f.message);
      item.contextValue = 'surfaceReview.finding';
      item.command = openCommand(f.location, 'Open the finding');
      return item;
    }
    case 'evidence': {
      const e = node.evidence;
      const item = new vscode.TreeItem(e.label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = e.detail;
      item.iconPath = new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed'));
      item.tooltip = `In place: ${e.label} — ${e.detail}`;
      item.contextValue = 'surfaceReview.evidence';
      if (e.location) item.command = openCommand(e.location, 'Open the evidence');
      return item;
    }
    case 'missing': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = 'no evidence';
      item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
      item.tooltip = `Nothing in the inventory or the flow shows ${node.label}. docs/threat-model.md lists where the review looks for it.`;
      item.contextValue = 'surfaceReview.missing';
      return item;
    }
    case 'other': {
      const item = new vscode.TreeItem('Other findings', Collapsed);
      item.id = node.id;
      item.description = `${node.findings.length}`;
      item.iconPath = new vscode.ThemeIcon('list-unordered');
      item.tooltip = 'Findings on this surface whose STRIDE letters match none of its threats (or that carry none).';
      return item;
    }
  }
}

function iconArgs([icon, color]: [string, string]): [string, vscode.ThemeColor] {
  return [icon, new vscode.ThemeColor(color)];
}

function riskIcon(risk: ThreatRisk): vscode.ThemeIcon {
  return new vscode.ThemeIcon(...iconArgs(RISK_ICON[risk]));
}

function surfaceTooltip(s: ThreatModelSurfaceSummary): vscode.MarkdownString {
  const p = s.scoreParts;
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escape(s.name)}** — ${s.kind}, ${s.direction}${s.platform ? `, ${escape(s.platform)}` : ''}\n\n`);
  md.appendMarkdown(`Risk **${s.risk}** (${s.riskSource === 'declared' ? 'declared in the inventory' : 'from the score'}) · score **${s.score}**/100 = classification ${p.classification} + exposure ${p.exposure} + auth ${p.auth} + scopes ${p.scopes} + findings ${p.findings}\n\n`);
  md.appendMarkdown(`Owner: ${escape(s.owner ?? 'none')} · classification: ${escape(s.classification ?? 'not recorded')} · ${s.documented ? 'documented in the inventory' : 'not in any inventory'}\n\n`);
  if (s.endpoint) md.appendMarkdown(`Endpoint: \`${s.endpoint.replace(/`/g, "'")}\`\n\n`);
  md.appendMarkdown(`Open: ${s.open.join(' ') || '—'} · mitigated: ${s.mitigated.join(' ') || '—'}`);
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}

function openCommand(location: ThreatModelLocation | undefined, title: string): vscode.Command | undefined {
  if (!location) return undefined;
  const range = location.range;
  const options: vscode.TextDocumentShowOptions = range
    ? { selection: new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character), preview: true }
    : { preview: true };
  return { command: 'vscode.open', title, arguments: [vscode.Uri.parse(location.uri), options] };
}

/** The view, its badge and title state, kept current from the server's change notifications. */
export class ThreatModelView implements vscode.Disposable {
  readonly provider: ThreatModelProvider;
  readonly view: vscode.TreeView<ThreatNode>;
  readonly #disposables: vscode.Disposable[] = [];

  constructor(client: LanguageClient) {
    this.provider = new ThreatModelProvider(client);
    this.view = vscode.window.createTreeView('surfaceReview.threatModel', { treeDataProvider: this.provider, showCollapseAll: true });
    this.#disposables.push(this.provider, this.view, this.provider.onDidRefresh((model) => this.#update(model)));
    this.#update(undefined);
  }

  /** Refreshes the tree; returns the model it loaded. */
  refresh(): Promise<ThreatModelDto | undefined> {
    return this.provider.refresh();
  }

  setGroupBy(groupBy: GroupBy): void {
    this.provider.setGroupBy(groupBy);
    this.#update(this.provider.model);
  }

  setOpenOnly(openOnly: boolean): void {
    this.provider.setOpenOnly(openOnly);
    this.#update(this.provider.model);
  }

  #update(model: ThreatModelDto | undefined): void {
    const { groupBy, openOnly } = this.provider;
    void vscode.commands.executeCommand('setContext', 'surfaceReview.threatModel.loaded', model !== undefined);
    void vscode.commands.executeCommand('setContext', 'surfaceReview.threatModel.hasSurfaces', (model?.surfaces.length ?? 0) > 0);
    void vscode.commands.executeCommand('setContext', 'surfaceReview.threatModel.openOnly', openOnly);
    this.view.description = `by ${groupBy}${openOnly ? ' · open only' : ''}`;
    const urgent = model ? model.summary.openByRisk.critical + model.summary.openByRisk.high : 0;
    this.view.badge = urgent > 0
      ? { value: urgent, tooltip: `${model!.summary.openByRisk.critical} open threat(s) on critical and ${model!.summary.openByRisk.high} on high-risk surfaces` }
      : undefined;
  }

  dispose(): void {
    for (const d of this.#disposables) d.dispose();
  }
}
