// The JSON schemas under schemas/ are imported as data so esbuild bundles them into the core (no fs at run time).
declare module '*.schema.json' {
  const schema: Record<string, unknown>;
  export default schema;
}
