/** Reads the firm simulator's endpoints (URLs and credentials) off a running estate. */
import type { RunningSandbox } from '../kit/sandbox.js';
import type { FirmSimulatorInput } from './options.js';

type Endpoints = Pick<FirmSimulatorInput, 'salesforce' | 'netsuite' | 'workday' | 'clockAdminUrls'>;

/** What a sandbox of a running estate prints (`throughline sandbox --json` gives the same shape). */
export type PrintedSandbox = Pick<RunningSandbox, 'baseUrl' | 'adminUrl' | 'credentials'> & { name?: string };

function credential(sandbox: PrintedSandbox, key: string): string {
  const value = sandbox.credentials[key];
  if (value === undefined) throw new Error(`the ${sandbox.name ?? 'estate\'s'} sandbox does not print credential "${key}"`);
  return value;
}

/**
 * The simulator's endpoints for the sandboxes an estate runs. Salesforce is required and used through
 * the `firm-users` connected app; NetSuite and Workday are optional (their activities are skipped).
 */
export function firmEndpointsOf(estate: { sandboxes: Partial<Record<string, PrintedSandbox>> }): Endpoints {
  const { salesforce, netsuite, workday } = estate.sandboxes;
  if (!salesforce) throw new Error('the firm simulator needs the Salesforce sandbox');
  return {
    salesforce: {
      baseUrl: salesforce.baseUrl,
      adminUrl: salesforce.adminUrl,
      tokenUrl: credential(salesforce, 'tokenUrl'),
      clientId: credential(salesforce, 'firmUsersClientId'),
      clientSecret: credential(salesforce, 'firmUsersClientSecret'),
    },
    ...(netsuite
      ? {
          netsuite: {
            baseUrl: netsuite.baseUrl,
            adminUrl: netsuite.adminUrl,
            tokenUrl: credential(netsuite, 'tokenUrl'),
            clientId: credential(netsuite, 'clientId'),
            certificateId: credential(netsuite, 'certificateId'),
            privateKeyPem: credential(netsuite, 'privateKeyPem'),
            algorithm: credential(netsuite, 'algorithm') as 'PS256' | 'RS256' | 'ES256',
          },
        }
      : {}),
    ...(workday ? { workday: { baseUrl: workday.baseUrl, adminUrl: workday.adminUrl } } : {}),
    // All sandboxes of an estate share one clock: setting it once moves them all.
    clockAdminUrls: [salesforce.adminUrl],
  };
}
