// Power Automate and Logic Apps custom connectors, by the names the platforms give them. Power Platform encodes a
// custom connector's API name (`-20` a space, `-5f` an underscore, `-2d` a hyphen) and ends it with an id: a connector
// made outside a solution is `<name>-5f<id>-<id>` (`contoso-20api-5f1234567890abcd-5f1234567890abcd`), one made in a
// solution `<publisher prefix>-5f<name>-5f<id>` (`cr8b4-5fcontoso-20orders-5f1a2b3c4d5e6f7a8b`). Microsoft's own and
// certified connectors have plain names (`office365`, `sharepointonline`).
import type { FlowNode } from '../../model/index.js';

/** Outside a solution: the name, then two ids. */
const STANDALONE = /^(.+?)-5f[0-9a-f]{12,18}-[0-9a-f]{12,18}$/;
/** In a solution: a publisher prefix (2–8 letters and digits), the name, and usually an id. */
const IN_SOLUTION = /^[a-z][a-z0-9]{1,7}-5f([a-z0-9-]+?)(?:-5f[0-9a-f]{12,18})?$/;

/** The connector's own name from a Power Automate custom connector API name (`contoso orders`), or undefined for any other. */
export function powerAutomateCustomConnector(apiName: string): string | undefined {
  const encoded = STANDALONE.exec(apiName)?.[1] ?? IN_SOLUTION.exec(apiName)?.[1];
  return encoded === undefined ? undefined : encoded.replace(/-([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

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
