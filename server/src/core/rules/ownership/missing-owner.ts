import type { Fix, Platform } from '../../model/index.js';
import { setProperty } from '../../inventory/edit.js';
import { riskRank, surfaceLabel, type InventorySurface } from '../../inventory/model.js';
import { suggestOwners } from '../../inventory/owners.js';
import { asObject, asString } from '../../walk.js';
import { takesOutsideCalls } from '../ingress/callers.js';
import { inventoryOf, INVENTORY_FORMATS } from '../inventoryRules.js';
import type { CrossFileCheck, Rule, RuleContext } from '../types.js';
import { flowAnchor } from '../workspaceRules.js';

/** How many owners the fix offers at most. */
const MAX_SUGGESTIONS = 5;

/**
 * `ownership/missing-owner`: a surface with no accountable owner, an error when it is high-risk or holds confidential
 * data; and a flow whose export names no owner and that no inventory entry documents (across files: `crossFile`).
 */
export const missingOwner: Rule = {
  id: 'ownership/missing-owner',
  defaultSeverity: 'warning',
  appliesTo: INVENTORY_FORMATS,
  threats: ['R'],
  securitySeverity: 5.0,
  docs: {
    summary: 'A surface with no `owner` (an error when it is rated high or critical, or carries confidential or restricted data), or a flow whose export names no owner and that no inventory entry documents (one finding per flow).',
    rationale: 'A surface nobody owns is a surface nobody reviews, rotates or switches off in an incident; the inventory\'s own `owner` keeps the document, not each surface.',
    remediation: 'Set `owner` to the team or person accountable for the surface (the quick fix suggests the owners in CODEOWNERS and those the inventory already uses). For a flow: document it in the surface inventory with an `owner` (Generate Inventory from Flows drafts the entries), or tag it where the platform keeps tags (n8n `owner:<team>`, an `owner` tag on the Logic Apps resource).',
  },
  check(context) {
    const inventory = inventoryOf(context);
    for (const surface of inventory?.surfaces ?? []) {
      if (surface.owner !== undefined || surface.lifecycle.status === 'retired') continue;
      const high = surface.risk !== undefined && riskRank(surface.risk) >= riskRank('high');
      const sensitive = surface.classification === 'confidential' || surface.classification === 'restricted';
      const why = high ? ` It is rated ${surface.risk}` : sensitive ? ` It carries ${surface.classification} data` : '';
      context.report({
        pointer: surface.anchor,
        surfaceId: surface.id,
        severity: high || sensitive ? 'error' : undefined,
        message: `Surface ${surfaceLabel(surface)} has no \`owner\`: nobody is accountable for reviewing it, rotating its credentials or switching it off in an incident.${why ? `${why}, so an owner is required.` : ''}`,
        fixes: () => ownerFixes(context, surface),
      });
    }
  },
  crossFile: {
    reportsOn: 'flow',
    checkWorkspace(context) {
      const { file, folder } = context;
      const flow = file.flow;
      // Owned by its metadata; or judged by the inventory entries that document it: an entry's owner owns the flow,
      // and an entry without one has this rule's finding in the inventory already (not a second one here).
      if (!flow || flow.owner !== undefined || flow.kind === 'connections' || !flow.nodes.length) return;
      const links = folder.flowLinks(file);
      if (links.naming.length || links.surfaces.some((s) => s.entries.length)) return;
      // A webhook is an entry point anyone with its URL can reach: unowned, it is a warning; otherwise a gap to note.
      // One only parent workflows ("Only other Logic Apps") or the editor (a private n8n chat) can call is no such entry.
      const webhook = links.surfaces.find((s) => s.linked.surface.kind === 'webhook' && takesOutsideCalls(s.linked.node, file.format, file.document?.value));
      const name = flow.name.trim() ? `"${flow.name.trim()}"` : `\`${file.path}\``;
      const where = flow.platform === 'power-automate' ? powerAutomateMaker(file.document?.value) ?? WHERE[flow.platform] : WHERE[flow.platform];
      context.report({
        ...flowAnchor(file.document),
        key: 'flow',
        severity: webhook ? 'warning' : 'info',
        message: `Flow ${name} has no accountable owner: ${where}, and no entry of a surface inventory documents it.${webhook ? ` Its webhook "${webhook.linked.node.name}" takes calls from outside: when it is abused, nobody is on record to switch it off.` : ' Nobody is on record to review it, rotate its credentials or switch it off in an incident.'}`,
      });
    },
  } satisfies CrossFileCheck,
};

/** Where each platform's export could name an owner, and says none. */
const WHERE: Readonly<Record<Platform, string>> = {
  n8n: 'no tag of the workflow names one (`owner:<team>`)',
  'logic-apps': 'the workflow has no `owner` (or `createdBy`) tag',
  'power-automate': 'Power Automate exports carry none (the maker stays in the environment)',
  'node-red': 'Node-RED flow files carry none',
  make: 'Make blueprints carry none',
  zapier: 'Zapier exports carry none',
};

/**
 * A Power Automate package's `definition.metadata.creator`: the maker, by Microsoft Entra object id. It says who made the
 * flow, not who answers for it now (makers move on), so the flow stays unowned; the message names the hint instead of
 * saying the export carries nothing.
 */
function powerAutomateMaker(root: unknown): string | undefined {
  const top = asObject(root);
  const definition = asObject(asObject(top?.properties)?.definition) ?? asObject(top?.definition);
  const creator = asObject(asObject(definition?.metadata)?.creator);
  const id = asString(creator?.id)?.trim();
  if (!id) return undefined;
  const kind = asString(creator?.type);
  return `the export names only its maker, by Microsoft Entra object id (\`definition.metadata.creator\`: ${kind ? `${kind.toLowerCase()} ` : ''}${id}), not who answers for it now`;
}

function ownerFixes(context: RuleContext, surface: InventorySurface): Fix[] {
  const owners = suggestOwners(inventoryOf(context), context.knownOwners).slice(0, MAX_SUGGESTIONS);
  return owners.flatMap((owner, i) => {
    const edit = setProperty(context.document, context.uri, surface.pointer, 'owner', owner);
    return edit ? [{ title: `Set owner to ${owner}`, isPreferred: i === 0, edits: [edit] }] : [];
  });
}
