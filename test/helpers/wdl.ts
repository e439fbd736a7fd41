// Power Automate / Logic Apps test helpers: an independent count of a definition's operations, and inline documents.

/** Triggers + actions counted the simple way: members of any `triggers`/`actions` object that have a string `type`. */
export function countOperations(value: unknown): number {
  let count = 0;
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const [key, child] of Object.entries(v)) {
      if ((key === 'triggers' || key === 'actions') && child !== null && typeof child === 'object' && !Array.isArray(child)) {
        count += Object.values(child).filter((a) => a !== null && typeof a === 'object' && typeof (a as { type?: unknown }).type === 'string').length;
      }
      stack.push(child);
    }
  }
  return count;
}

const WDL_SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

/** A Power Automate solution flow (`Workflows/*.json`), pretty-printed like the export. */
export function paSolutionFlow(triggers: object, actions: object = {}): string {
  return JSON.stringify({ properties: { connectionReferences: {}, definition: { $schema: WDL_SCHEMA, contentVersion: '1.0.0.0', parameters: {}, triggers, actions }, templateName: '' }, schemaVersion: '1.0.0.0' }, null, 2);
}

/** A Logic Apps Standard `workflow.json`. */
export function laStandardWorkflow(triggers: object, actions: object = {}): string {
  return JSON.stringify({ definition: { $schema: WDL_SCHEMA, actions, contentVersion: '1.0.0.0', outputs: {}, triggers }, kind: 'Stateful' }, null, 2);
}

/** An ARM template with one `Microsoft.Logic/workflows` resource; `properties` is merged into the resource's properties. */
export function laArmTemplate(triggers: object, actions: object = {}, properties: object = {}, tags?: object): string {
  return JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [{ type: 'Microsoft.Logic/workflows', apiVersion: '2019-05-01', name: 'orders-intake', location: 'westeurope', tags, properties: { state: 'Enabled', definition: { $schema: WDL_SCHEMA, contentVersion: '1.0.0.0', triggers, actions }, ...properties } }],
  }, null, 2);
}

/**
 * Credentials that only their authentication's shape marks (see secret/hardcoded-credential): made-up keys, obviously
 * fake random characters (an Azure Functions key is 56 base64url characters ending in `==`), and the documents that
 * hold them.
 */
export const FUNCTION_KEY = 'Zq7Xv2Lm9Kp4Wt8Rb3Nc6Hd1Sj5Gf0Ya2Ue7Qi4To9Mr3Vx8Bz1Cw==';
export const CONNECTION_KEY = 'Kx4Pq9Zm2Lv7Wr3Nt8Yb5Hc1Jd6Sf0Ga';

/** A QueryString authentication: sends `value` as the query parameter `name`. */
export const queryAuth = (name: string, value: string) => ({ type: 'QueryString', name, value });

/** A manual (HTTP request) trigger. */
export const manualTrigger = { manual: { type: 'Request', kind: 'Http', inputs: {} } };

/** An HTTP action calling an Azure Function with `authentication`. */
export const callFunction = (authentication: unknown) => ({ Call_function: { type: 'Http', inputs: { method: 'POST', uri: 'https://orders-fn.azurewebsites.net/api/intake', authentication }, runAfter: {} } });

/** A Logic Apps Standard connections.json with one managed (Service Bus) connection authenticated by `authentication`. */
export const managedConnection = (authentication: unknown) => JSON.stringify({
  managedApiConnections: {
    servicebus: {
      api: { id: '/subscriptions/x/providers/Microsoft.Web/locations/westeurope/managedApis/servicebus' },
      connection: { id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/connections/servicebus' },
      connectionRuntimeUrl: 'https://0a1b2c3d.12.common.logic-westeurope.azure-apihub.net/apim/servicebus/0a1b2c3d4e5f/',
      authentication,
    },
  },
}, null, 2);
