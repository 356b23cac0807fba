/**
 * The sandbox estate: every vendor sandbox started together on its own loopback port, sharing one
 * simulated clock, and stopped together. Used by `throughline sandbox`, the demo and tests.
 */
import { randomBytes } from 'node:crypto';
import { createSandboxClock, type SandboxClock } from './kit/clock.js';
import type { RunningSandbox, SandboxStartOptions } from './kit/sandbox.js';
import { startAnaplanSandbox } from './anaplan/anaplan-sandbox.js';
import { startNetSuiteSandbox } from './netsuite/netsuite-sandbox.js';
import { startSalesforceSandbox } from './salesforce/sandbox.js';
import { startWorkdaySandbox } from './workday/workday-sandbox.js';

/** The vendors of the estate, in start order. */
export const sandboxNames = ['salesforce', 'netsuite', 'workday', 'anaplan'] as const;
export type SandboxName = (typeof sandboxNames)[number];

/** The Salesforce connected app the hub logs in with. */
export const HUB_CLIENT_ID = 'throughline-hub';
/** The Salesforce connected app the firm's own users log in with (CDC `changeOrigin` tells them from the hub). */
export const FIRM_USERS_CLIENT_ID = 'firm-users';

type Starter = (options: SandboxStartOptions) => Promise<RunningSandbox>;

/** Salesforce with two connected apps; the printed credentials are the hub's, plus `firmUsersClient*`. */
async function startSalesforceForEstate(options: SandboxStartOptions): Promise<RunningSandbox> {
  const firmUsers = { clientId: FIRM_USERS_CLIENT_ID, clientSecret: randomBytes(18).toString('base64url'), name: 'Firm Users' };
  const sandbox = await startSalesforceSandbox({
    ...options,
    clients: [{ clientId: HUB_CLIENT_ID, clientSecret: randomBytes(18).toString('base64url'), name: 'Throughline Integration' }, firmUsers],
  });
  sandbox.credentials.firmUsersClientId = firmUsers.clientId;
  sandbox.credentials.firmUsersClientSecret = firmUsers.clientSecret;
  return sandbox;
}

const starters = {
  salesforce: startSalesforceForEstate,
  netsuite: (options) => startNetSuiteSandbox(options),
  workday: (options) => startWorkdaySandbox(options),
  anaplan: (options) => startAnaplanSandbox(options),
} satisfies Record<SandboxName, Starter>;

export interface EstateOptions {
  /** Start only these (default: all). */
  only?: readonly SandboxName[];
  /** Seed for every sandbox's fault dice and generated ids (default 1). */
  seed?: number;
  /** Shared simulated clock (default: a wall clock starting now). */
  clock?: SandboxClock;
  /** Initial fault rules per sandbox (kit `faultRulesSchema` shape). */
  faults?: Partial<Record<SandboxName, unknown>>;
  /** Fixed ports per sandbox (default: free ports). */
  ports?: Partial<Record<SandboxName, number>>;
  host?: string;
  /** When set, every admin API requires header `x-sandbox-admin-key`. */
  adminKey?: string;
}

/** A running estate. */
export interface Estate {
  sandboxes: Partial<Record<SandboxName, RunningSandbox>>;
  clock: SandboxClock;
  /** Stops every sandbox (in reverse start order); safe to call twice. */
  stop(): Promise<void>;
}

/** Parses a `--only salesforce,netsuite` list; throws on an unknown name. */
export function parseSandboxNames(list: string): SandboxName[] {
  const names = list.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name.length > 0);
  for (const name of names) {
    if (!(sandboxNames as readonly string[]).includes(name)) throw new Error(`unknown sandbox "${name}" (known: ${sandboxNames.join(', ')})`);
  }
  return [...new Set(names)] as SandboxName[];
}

/** Starts the chosen sandboxes; if one fails to start, the others are stopped and the error is rethrown. */
export async function startEstate(options: EstateOptions = {}): Promise<Estate> {
  const clock = options.clock ?? createSandboxClock();
  const wanted = sandboxNames.filter((name) => options.only === undefined || options.only.includes(name));
  const sandboxes: Partial<Record<SandboxName, RunningSandbox>> = {};
  const started: RunningSandbox[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const sandbox of [...started].reverse()) await sandbox.stop();
  };
  try {
    for (const name of wanted) {
      const sandbox = await starters[name]({
        clock,
        seed: options.seed ?? 1,
        ...(options.host !== undefined ? { host: options.host } : {}),
        ...(options.ports?.[name] !== undefined ? { port: options.ports[name] } : {}),
        ...(options.faults?.[name] !== undefined ? { faults: options.faults[name] } : {}),
        ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
      });
      started.push(sandbox);
      sandboxes[name] = sandbox;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { sandboxes, clock, stop };
}
