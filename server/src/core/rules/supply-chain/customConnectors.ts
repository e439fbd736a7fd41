// Power Automate and Logic Apps custom connectors, by the names the platforms give them. The adapters name a custom
// connector's service `Custom connector "<name>"`: its own name decoded from a Power Automate API name
// (knowledge/connectors/azure.ts reads both shapes, `<name>-5f<id>-<id>` and `<publisher prefix>-5f<name>-5f<id>`), or a
// Logic Apps `customApis` resource's name. Microsoft's own and certified connectors have plain names (`office365`).
import { powerAutomateCustomConnector } from '../../knowledge/connectors/azure.js';
import type { FlowNode } from '../../model/index.js';

/**
 * The own name of the custom connector a Power Automate or Logic Apps node uses (`Contoso Orders`), or undefined when it
 * uses none: the name in its service (`Custom connector "…"`), else the name encoded in its connection's API name.
 */
export function customConnectorName(node: FlowNode): string | undefined {
  const quoted = /^Custom connector "(.*)"$/.exec(node.service ?? '')?.[1];
  if (quoted !== undefined) return quoted;
  const api = node.credentialRefs[0]?.type;
  return api && api === node.service ? powerAutomateCustomConnector(api) : undefined;
}
