// The import rules of architecture.md §9 as data: for each layer under src/, the hub layers it may
// import from. A layer may always import from itself. Packages from node_modules are not checked.
// `connectors/ports` is the one connector folder flows may see: canonical operation interfaces,
// never vendor shapes.
// Flows, connectors and the API see no persistence (§9): flows reach cross-references through the
// runtime's identity map (`ctx.identity`) and the event log through ports the composition root wires;
// connectors get what they need of the hub (approval history) the same way.
export const allowedImports = {
  canonical: [],
  config: ['canonical'],
  observability: ['canonical', 'config'],
  persistence: ['canonical', 'observability', 'config'],
  runtime: ['canonical', 'persistence', 'observability', 'config'],
  intake: ['canonical', 'persistence', 'runtime', 'observability', 'config'],
  policies: ['canonical', 'persistence', 'runtime', 'observability', 'config'],
  connectors: ['canonical', 'runtime', 'intake', 'observability', 'config', 'connectors/ports'],
  flows: ['canonical', 'runtime', 'policies', 'observability', 'config', 'connectors/ports'],
  reconciliation: ['canonical', 'runtime', 'policies', 'persistence', 'observability', 'config', 'connectors/ports'],
  insights: ['canonical', 'runtime', 'persistence', 'observability', 'config', 'reconciliation'],
  api: ['canonical', 'runtime', 'intake', 'policies', 'observability', 'config', 'flows', 'reconciliation', 'insights'],
  console: [],
  sandboxes: [],
  cli: ['*'],
  main: ['*'],
};
