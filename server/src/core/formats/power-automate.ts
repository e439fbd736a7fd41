// Power Automate flows → Flow: solution `Workflows/*.json` and export-package `definition.json` both hold
// `properties.definition` (Workflow Definition Language) and `properties.connectionReferences`.
import type { NodeAuth } from '../model/index.js';
import { childPointer } from '../source.js';
import { asObject, asString } from '../walk.js';
import type { AdapterResult } from './types.js';
import { readConnectionReferences, walkDefinition } from './wdl.js';

/** Builds the flow model of a Power Automate solution flow or package `definition.json`. Never throws. */
export function buildPowerAutomateFlow(value: unknown): AdapterResult {
  const root = asObject(value);
  const properties = asObject(root?.properties);
  const definition = asObject(properties?.definition);
  if (!definition) {
    return {
      problems: [{
        pointer: properties ? '/properties' : '',
        message: 'This looks like a Power Automate flow but has no "properties.definition" object, so it cannot be reviewed. Export the flow again (as a solution, or Export > Package).',
      }],
    };
  }
  const graph = walkDefinition(definition, '/properties/definition', {
    connections: readConnectionReferences(properties!.connectionReferences),
    requestAuth: requestAuth,
  });
  return {
    flow: {
      platform: 'power-automate',
      // Packages carry the display name and flow id; solution files only have them in the file name.
      name: asString(properties!.displayName) ?? '',
      id: asString(root!.name),
      // Exports carry no owner: the maker is in the environment, not the file.
      nodes: graph.nodes,
      edges: graph.edges,
      settings: {},
      sampleDataPointers: [],
    },
    problems: graph.problems,
  };
}

/**
 * "Who can trigger the flow" of a `Request` trigger. For kind `Http` (and a Request with no kind),
 * `inputs.triggerAuthenticationType` says it: `All` is anyone with the URL, `Tenant` and `SpecificUsers` need a
 * Microsoft Entra sign-in; flows saved before the setting existed have none, and anyone with the URL can call them.
 * The other kinds (Button, PowerApp, PowerAppV2, Skills, VirtualAgent, ...) are invoked by the platform for a signed-in user.
 */
function requestAuth(trigger: Record<string, unknown>, pointer: string): NodeAuth {
  const kind = asString(trigger.kind);
  if (kind !== undefined && kind.toLowerCase() !== 'http') return { method: kind, none: false, pointer };
  const inputs = asObject(trigger.inputs);
  const inputsPointer = childPointer(pointer, 'inputs');
  const type = asString(inputs?.triggerAuthenticationType);
  if (type !== undefined) return { method: type, none: /^(?:all|anyone)$/i.test(type), pointer: childPointer(inputsPointer, 'triggerAuthenticationType') };
  return { method: 'All', none: true, pointer: inputs ? inputsPointer : pointer };
}
