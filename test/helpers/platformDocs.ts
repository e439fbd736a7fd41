// Inline Node-RED, Make and Zapier documents for rule tests, laid out so ranges can be read off the test.

/** A Node-RED flow export with one element per line, as `[ {...},\n {...} ]`. */
export function nodeRedFlow(...elements: object[]): string {
  return `[\n${elements.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n]`;
}

/** A Make blueprint with the given modules, pretty-printed like Make's "Export Blueprint". */
export function makeBlueprint(...modules: object[]): string {
  return JSON.stringify({ name: 'Test scenario', flow: modules, metadata: { version: 1, scenario: { roundtrips: 1 } } }, null, 4);
}

/** A Zapier export of one zap whose steps (a map keyed by id, linked by `parent_id`) are given. */
export function zapierExport(steps: Record<string, object>, title = 'Test zap'): string {
  return JSON.stringify({ metadata: { version: 2 }, zaps: [{ id: 1, title, nodes: steps }] }, null, 2);
}
