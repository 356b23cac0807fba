import type { ConnectionAuth, SystemName } from './connection-schema.js';

/**
 * The one auth type each system's connector signs in with. A connection with another type is a
 * configuration error (the connector would refuse it when the hub starts).
 */
export const authTypeBySystem: Readonly<Record<SystemName, ConnectionAuth['type']>> = {
  salesforce: 'oauth_client_credentials',
  certinia: 'oauth_client_credentials',
  kantata: 'oauth_client_credentials',
  dynamics: 'oauth_client_credentials',
  netsuite: 'netsuite_jwt',
  workday: 'workday_refresh_token',
  anaplan: 'anaplan_basic',
};

const PSA_SYSTEMS: ReadonlySet<string> = new Set(['salesforce', 'certinia']);

/**
 * The connections the hub builds a connector for, by role: the first `salesforce` or `certinia`
 * connection (PSA), the first `netsuite` (ledger), `workday` (HR) and `anaplan` (planning). Later
 * connections of a role, and kantata / dynamics ones, get no connector yet.
 */
export function hubConnectionsOf<C extends { system: string }>(config: { connections: readonly C[] }): { psa?: C; ledger?: C; hr?: C; planning?: C } {
  const first = (match: (system: string) => boolean) => config.connections.find((c) => match(c.system));
  const roles: { psa?: C; ledger?: C; hr?: C; planning?: C } = {};
  const psa = first((s) => PSA_SYSTEMS.has(s));
  const ledger = first((s) => s === 'netsuite');
  const hr = first((s) => s === 'workday');
  const planning = first((s) => s === 'anaplan');
  if (psa) roles.psa = psa;
  if (ledger) roles.ledger = ledger;
  if (hr) roles.hr = hr;
  if (planning) roles.planning = planning;
  return roles;
}

/**
 * The ids of the pollers the hub runs for this configuration, in the order it runs them: the PSA
 * connection's timecard poller (`<id>:timecards`), then the Workday worker delta poller
 * (`<id>:workday:worker-delta`). The hub checks at start that its connectors' pollers are these.
 */
export function pollerIdsOf(config: { connections: readonly { id: string; system: string }[] }): string[] {
  const { psa, hr } = hubConnectionsOf(config);
  return [...(psa ? [`${psa.id}:timecards`] : []), ...(hr ? [`${hr.id}:workday:worker-delta`] : [])];
}
