// The import rules of architecture.md §9 as data: for each layer under src/, the hub layers it may
// import from. A layer may always import from itself. Packages from node_modules are not checked.
// `connectors/ports` is the one connector folder flows may see: canonical operation interfaces,
// never vendor shapes.
// Where this list is looser than §9 it records what the code does today: connectors still import
// persistence (certinia/inbound/approved-before.ts reads the event log) and flows still import it
// (time-to-ledger, until the flow-model rewrite of issue 10). `api` already holds §9: no persistence.
export const allowedImports = {
  canonical: [],
  config: ['canonical'],
  observability: ['canonical', 'config'],
  persistence: ['canonical', 'observability', 'config'],
  runtime: ['canonical', 'persistence', 'observability', 'config'],
  intake: ['canonical', 'persistence', 'runtime', 'observability', 'config'],
  policies: ['canonical', 'persistence', 'runtime', 'observability', 'config'],
  connectors: ['canonical', 'runtime', 'intake', 'persistence', 'observability', 'config', 'connectors/ports'],
  flows: ['canonical', 'runtime', 'policies', 'persistence', 'observability', 'config', 'connectors/ports'],
  reconciliation: ['canonical', 'runtime', 'policies', 'persistence', 'observability', 'config', 'connectors/ports'],
  insights: ['canonical', 'runtime', 'persistence', 'observability', 'config', 'reconciliation'],
  api: ['canonical', 'runtime', 'intake', 'policies', 'observability', 'config', 'flows', 'reconciliation', 'insights'],
  console: [],
  sandboxes: [],
  cli: ['*'],
  main: ['*'],
};
