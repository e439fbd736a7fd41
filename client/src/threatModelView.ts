// The threat-model tree view over the server's DTO (protocol.ts): groups (trust boundary, owner, platform or risk)
// → surfaces → STRIDE threats → the findings that keep them open and the evidence that mitigates them.
// Nodes are plain data; `toTreeItem` is the one place that maps them to tree items. With a base revision
// (`surfaceReview.threatModel.changedSince`), what changed since is marked and listed first (the server orders it).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ThreatModelGroupRequest,
  ThreatModelRequest,
  ThreatModelSurfaceRequest,
  type ThreatModelDto,
  type ThreatModelEvidence,
  type ThreatModelFinding,
  type ThreatModelGroup,
  type ThreatModelGroupBy,
  type ThreatModelGroupDto,
  type ThreatModelLocation,
  type ThreatModelSurfaceDetail,
  type ThreatModelSurfaceSummary,
  type ThreatModelThreat,
  type ThreatRisk,
  type ThreatModelZone,
} from '../../server/src/protocol';

export type GroupBy = ThreatModelGroupBy;
export const GROUP_BYS: readonly GroupBy[] = ['boundary', 'owner', 'platform', 'risk'];
/** Surfaces per page of a group; "Show more" adds another page. */
const PAGE = 250;

export type ThreatNode =
  | { readonly type: 'group'; readonly id: string; readonly groupBy: GroupBy; readonly group: ThreatModelGroup }
  | { readonly type: 'surface'; readonly id: string; readonly surface: ThreatModelSurfaceSummary; readonly since?: string }
  | { readonly type: 'more'; readonly id: string; readonly groupKey: string; readonly shown: number; readonly total: number }
  | { readonly type: 'threat'; readonly id: string; readonly surface: ThreatModelSurfaceSummary; readonly threat: ThreatModelThreat }
  | { readonly type: 'finding'; readonly id: string; readonly finding: ThreatModelFinding }
  | { readonly type: 'evidence'; readonly id: string; readonly evidence: ThreatModelEvidence }
  | { readonly type: 'missing'; readonly id: string; readonly label: string; readonly control: string }
  | { readonly type: 'other'; readonly id: string; readonly findings: readonly ThreatModelFinding[] };

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

/**
 * Answers the tree level by level from the server (groups, a page of a group's surfaces, a surface's threats),
 * caching each answer until the model changes. Ids are stable, so expansion survives a refresh.
 */
export class ThreatModelProvider implements vscode.TreeDataProvider<ThreatNode>, vscode.Disposable {
  readonly #client: LanguageClient;
  readonly #changed = new vscode.EventEmitter<ThreatNode | undefined>();
  readonly onDidChangeTreeData = this.#changed.event;
  readonly #refreshed = new vscode.EventEmitter<ThreatModelDto>();
  /** Fires after each refresh with the model it loaded. */
  readonly onDidRefresh = this.#refreshed.event;
  #model: ThreatModelDto | undefined;
  #groups = new Map<string, Promise<ThreatModelGroupDto>>();
  #details = new Map<string, Promise<ThreatModelSurfaceDetail | null>>();
  /** Surfaces shown per group key (grows with "Show more"); kept across refreshes. */
  readonly #limits = new Map<string, number>();
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

  setGroupBy(groupBy: GroupBy): Promise<ThreatModelDto | undefined> {
    this.#groupBy = groupBy;
    return this.refresh();
  }

  setOpenOnly(openOnly: boolean): Promise<ThreatModelDto | undefined> {
    this.#openOnly = openOnly;
    return this.refresh();
  }

  /** Shows another page of a group's surfaces. */
  showMore(groupKey: string): void {
    this.#limits.set(groupKey, (this.#limits.get(groupKey) ?? PAGE) + PAGE);
    this.#groups.delete(groupKey);
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
        model = await this.#client.sendRequest(ThreatModelRequest, { groupBy: this.#groupBy, openOnly: this.#openOnly });
        this.#model = model;
        this.#groups = new Map();
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

  /** A page of a group's surfaces (cached until the model changes). */
  group(key: string): Promise<ThreatModelGroupDto> {
    let page = this.#groups.get(key);
    if (!page) {
      page = Promise.resolve(this.#client.sendRequest(ThreatModelGroupRequest, { groupBy: this.#groupBy, openOnly: this.#openOnly, key, limit: this.#limits.get(key) ?? PAGE }));
      this.#groups.set(key, page);
    }
    return page;
  }

  /** A surface's threats (cached until the model changes). */
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
    if (!node) return model.groups.map((group) => ({ type: 'group', id: `${model.groupBy}:${group.key}`, groupBy: model.groupBy, group }));
    switch (node.type) {
      case 'group': {
        const page = await this.group(node.group.key);
        const since = this.#model?.changedSince?.label;
        const children: ThreatNode[] = page.surfaces.map((surface) => ({ type: 'surface', id: `${node.id}/${surface.id}`, surface, ...(since ? { since } : {}) }));
        if (page.total > page.surfaces.length) children.push({ type: 'more', id: `${node.id}/more`, groupKey: node.group.key, shown: page.surfaces.length, total: page.total });
        return children;
      }
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

function zoneText(z: ThreatModelZone): string {
  return `${z.id}${z.kind ? ` (${z.kind})` : ''}${z.description ? `: ${z.description}` : ''}${z.inferred ? ' — inferred from the flows' : ''}`;
}

/** DTO node → tree item: label, description, icon, tooltip, command. */
export function toTreeItem(node: ThreatNode): vscode.TreeItem {
  const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
  switch (node.type) {
    case 'group': {
      const g = node.group;
      const item = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.description = `${g.surfaces} surface${g.surfaces === 1 ? '' : 's'} · ${g.open} open${g.inferred ? ' · inferred' : ''}${g.changed ? ` · ${g.changed} changed` : ''}`;
      item.tooltip = g.from && g.to
        ? `Trust boundary\n\nfrom ${zoneText(g.from)}\nto ${zoneText(g.to)}`
        : `${node.groupBy === 'owner' ? 'Owner' : node.groupBy === 'platform' ? 'Platform' : 'Risk'}: ${g.key}`;
      item.iconPath = node.groupBy === 'risk' ? riskIcon(g.risk) : new vscode.ThemeIcon(node.groupBy === 'owner' ? 'person' : node.groupBy === 'platform' ? 'server-process' : 'debug-disconnect', new vscode.ThemeColor(RISK_ICON[g.risk][1]));
      item.contextValue = `surfaceReview.group.${node.groupBy}`;
      return item;
    }
    case 'more': {
      const item = new vscode.TreeItem(`Show more (${node.shown} of ${node.total})`, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.tooltip = 'Lower-scoring surfaces of this group. Group by owner or platform, or show open threats only, to narrow it.';
      item.command = { command: 'surfaceReview.threatModel.showMore', title: 'Show more', arguments: [node.groupKey] };
      return item;
    }
    case 'surface': {
      const s = node.surface;
      const item = new vscode.TreeItem(s.name, Collapsed);
      item.id = node.id;
      item.description = `${changeText(s)}${s.owner ?? 'no owner'} · ${s.open.length} open, ${s.mitigated.length} mitigated${s.findings ? ` · ${s.findings} finding${s.findings === 1 ? '' : 's'}` : ''}`;
      item.iconPath = riskIcon(s.risk);
      item.tooltip = surfaceTooltip(s, node.since);
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
      item.description = `${f.isNew ? 'new · ' : ''}${f.elsewhere ? '(elsewhere in the flow) ' : ''}${f.message}`;
      item.iconPath = new vscode.ThemeIcon(...iconArgs(SEVERITY_ICON[f.severity]));
      item.tooltip = new vscode.MarkdownString().appendMarkdown(`**${escape(f.ruleId)}** (${f.severity}, STRIDE ${f.stride.join(' ') || '—'})${f.isNew ? ' — new since the base revision' : ''}\n\n`).appendText(f.message);
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

/** `added · `, `changed · `, `2 new findings · ` (what changed since the base revision), or ''. */
function changeText(s: ThreatModelSurfaceSummary): string {
  if (s.change) return `${s.change} · `;
  return s.newFindings ? `${s.newFindings} new finding${s.newFindings === 1 ? '' : 's'} · ` : '';
}

function surfaceTooltip(s: ThreatModelSurfaceSummary, since: string | undefined): vscode.MarkdownString {
  const p = s.scoreParts;
  const md = new vscode.MarkdownString();
  if (since && (s.change || s.newFindings)) {
    const what = s.change === 'added' ? 'Added' : s.change === 'changed' ? `Changed (${(s.changedFields ?? []).join(', ')})` : 'Unchanged, with new findings';
    const widened = s.widenedScopes?.length ? ` · newly granted: ${s.widenedScopes.map((x) => `\`${x.replace(/`/g, "'")}\``).join(', ')}` : '';
    md.appendMarkdown(`**${what}** since ${escape(since)}${s.newFindings ? ` · ${s.newFindings} new finding${s.newFindings === 1 ? '' : 's'}` : ''}${widened}\n\n`);
  }
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

  /** Regroups the tree; resolves once the regrouped model is loaded. */
  async setGroupBy(groupBy: GroupBy): Promise<void> {
    const done = this.provider.setGroupBy(groupBy);
    this.#update(this.provider.model);
    await done;
  }

  /** Shows only open threats, or all; resolves once the filtered model is loaded. */
  async setOpenOnly(openOnly: boolean): Promise<void> {
    const done = this.provider.setOpenOnly(openOnly);
    this.#update(this.provider.model);
    await done;
  }

  #update(model: ThreatModelDto | undefined): void {
    const { groupBy, openOnly } = this.provider;
    void vscode.commands.executeCommand('setContext', 'surfaceReview.threatModel.loaded', model !== undefined);
    void vscode.commands.executeCommand('setContext', 'surfaceReview.threatModel.hasSurfaces', (model?.summary.surfaces ?? 0) > 0);
    void vscode.commands.executeCommand('setContext', 'surfaceReview.threatModel.openOnly', openOnly);
    this.view.description = `by ${groupBy}${openOnly ? ' · open only' : ''}`;
    const since = model?.changedSince;
    this.view.message = since
      ? since.surfaces || since.findings
        ? `Since ${since.label}: ${since.surfaces} surface${since.surfaces === 1 ? '' : 's'} and ${since.findings} finding${since.findings === 1 ? '' : 's'} changed or new, listed first.`
        : `Nothing changed since ${since.label}.`
      : undefined;
    const urgent = model ? model.summary.openByRisk.critical + model.summary.openByRisk.high : 0;
    this.view.badge = urgent > 0
      ? { value: urgent, tooltip: `${model!.summary.openByRisk.critical} open threat(s) on critical and ${model!.summary.openByRisk.high} on high-risk surfaces` }
      : undefined;
  }

  dispose(): void {
    for (const d of this.#disposables) d.dispose();
  }
}
