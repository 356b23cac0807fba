/**
 * One simulated quarter per test run, shared by the e2e proofs that need a firm's history.
 *
 * The vitest globalSetup (`test/e2e/simulated-quarter.global.ts`) runs {@link serveSimulatedQuarter}
 * in the main vitest process: a small control server on loopback, which simulates nothing until a
 * proof asks. The first proof that asks (`useSimulatedQuarter`) makes it start a sandbox estate
 * (Salesforce, NetSuite, Workday), run the firm simulator through the quarter with no hub attached,
 * and snapshot every sandbox; later proofs, in any test file and worker, reuse that estate and its
 * ground truth. A proof holds the estate alone while it runs (a lease): the lease restores every
 * sandbox to the snapshot and clears the fault rules, so each proof starts on the same untouched
 * quarter (no time bill posted, no fault) and gives its own hub its own data dir. Proofs that hold no
 * lease may only read the ground truth.
 *
 * Waiting is on conditions (the quarter to be simulated, the lease to be free), never on wall time.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEstate, type Estate } from '../../src/sandboxes/estate.js';
import { firmEndpointsOf, type PrintedSandbox } from '../../src/sandboxes/firm/estate-endpoints.js';
import { createFirmSimulator } from '../../src/sandboxes/firm/firm-simulator.js';
import type { GroundTruth } from '../../src/sandboxes/firm/ground-truth.js';
import { waitFor } from './wait-for.js';

/** The quarter every proof shares: the same as the demo's quarter (a 30-consultant firm over 90 days, seed 1). */
export const QUARTER = { seed: 1, days: 90, consultants: 30 } as const;

/** The sandboxes of the shared estate. */
export const QUARTER_SANDBOXES = ['salesforce', 'netsuite', 'workday'] as const;
type QuarterSandbox = (typeof QUARTER_SANDBOXES)[number];

/** What a proof gets: where the estate is, and what the firm did (the ground truth as of the quarter's last day). */
export interface SimulatedQuarter {
  seed: number;
  days: number;
  consultants: number;
  startDate: string;
  sandboxes: Record<QuarterSandbox, PrintedSandbox>;
  truth: GroundTruth;
  /** Real time the one simulation took. */
  simulatedInMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Control URL of the shared simulated quarter (set by the e2e globalSetup). */
    simulatedQuarterUrl: string;
  }
}

/** Test-run-wide server: simulates the quarter on first demand, hands out one lease at a time. */
export async function serveSimulatedQuarter(options: { log?: (line: string) => void } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const log = options.log ?? (() => undefined);
  let estate: Estate | undefined;
  let simulation: Promise<{ quarter: SimulatedQuarter; snapshots: Record<QuarterSandbox, string> }> | undefined;
  let failure: string | undefined;
  let lease: { id: string; since: number; holder: string } | undefined;
  /** Resolves when the lease is released (waiting requests then try again). */
  let released = signal();
  /** A request waits for a change at most this long, then answers "not yet" (the client asks again). */
  const LONG_POLL_MS = 15_000;
  const atMost = <T>(promise: Promise<T>) => new Promise<T | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), LONG_POLL_MS);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, () => { clearTimeout(timer); resolve(undefined); });
  });

  const simulate = async () => {
    const started = performance.now();
    estate = await startEstate({ seed: QUARTER.seed, only: QUARTER_SANDBOXES });
    const printed = Object.fromEntries(QUARTER_SANDBOXES.map((name) => {
      const s = estate!.sandboxes[name]!;
      return [name, { name, baseUrl: s.baseUrl, adminUrl: s.adminUrl, credentials: { ...s.credentials } }];
    })) as Record<QuarterSandbox, PrintedSandbox>;
    const simulator = createFirmSimulator({ ...firmEndpointsOf({ sandboxes: printed }), seed: QUARTER.seed, days: QUARTER.days, consultants: QUARTER.consultants });
    const truth = await simulator.run();
    const snapshots = {} as Record<QuarterSandbox, string>;
    for (const name of QUARTER_SANDBOXES) snapshots[name] = (await admin<{ id: string }>(printed[name].adminUrl, 'POST', 'snapshot')).id;
    const simulatedInMs = Math.round(performance.now() - started);
    log(`simulated quarter (seed ${QUARTER.seed}, ${QUARTER.days} days, ${QUARTER.consultants} consultants): ${truth.approvedLines.length} approved lines in ${simulatedInMs} ms`);
    return { quarter: { ...QUARTER, startDate: simulator.options.startDate, sandboxes: printed, truth, simulatedInMs }, snapshots };
  };

  const ready = async () => {
    simulation ??= simulate().catch((error: unknown) => {
      failure = error instanceof Error ? error.stack ?? error.message : String(error);
      throw error;
    });
    return simulation;
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { error: String(error) }));
  });
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET' && url.pathname === '/quarter') {
      // 202 while the one simulation runs (the first request starts it), the quarter once it is done.
      if (failure) return send(response, 500, { error: failure });
      const done = await atMost(ready().then((s) => s.quarter));
      if (failure) return send(response, 500, { error: failure });
      if (done) return send(response, 200, done);
      return send(response, 202, { simulating: true });
    }
    if (request.method === 'POST' && url.pathname === '/lease') {
      // Granted only when free and simulated: the estate is restored to the quarter's end and its faults cleared.
      if (!simulation) return send(response, 409, { error: 'quarter not simulated yet' });
      if (lease) await atMost(released.promise);
      if (lease) return send(response, 409, { heldBy: lease.holder, forMs: Math.round(performance.now() - lease.since) });
      const { quarter, snapshots } = await simulation;
      if (lease) return send(response, 409, { heldBy: (lease as { holder: string }).holder });
      lease = { id: randomUUID(), since: performance.now(), holder: url.searchParams.get('holder') ?? 'a proof' };
      try {
        for (const name of QUARTER_SANDBOXES) {
          await admin(quarter.sandboxes[name].adminUrl, 'POST', `restore/${snapshots[name]}`);
          await admin(quarter.sandboxes[name].adminUrl, 'PUT', 'faults', { rules: [] });
        }
        await admin(quarter.sandboxes.salesforce.adminUrl, 'PUT', 'cdc/faults', {}).catch(() => undefined);
      } catch (error) {
        lease = undefined;
        released.resolve();
        released = signal();
        throw error;
      }
      log(`lease ${lease.id} to ${lease.holder}`);
      return send(response, 200, { leaseId: lease.id });
    }
    if (request.method === 'DELETE' && url.pathname.startsWith('/lease/')) {
      if (lease?.id === url.pathname.slice('/lease/'.length)) {
        log(`lease ${lease.id} of ${lease.holder} released after ${Math.round(performance.now() - lease.since)} ms`);
        lease = undefined;
        released.resolve();
        released = signal();
      }
      return send(response, 204);
    }
    return send(response, 404, { error: 'unknown route' });
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulation?.catch(() => undefined);
      await estate?.stop();
    },
  };
}

/**
 * Runs `proof` with the shared quarter held alone: waits (bounded) for the one simulation and for the
 * lease, restores the estate to the quarter's end, and releases the lease afterwards, pass or fail.
 */
export async function useSimulatedQuarter<T>(controlUrl: string, holder: string, proof: (quarter: SimulatedQuarter) => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 600_000;
  let quarter: SimulatedQuarter | undefined;
  await waitFor(async () => {
    const response = await fetch(`${controlUrl}/quarter`);
    if (response.status === 500) throw new Error(`the shared quarter could not be simulated: ${(await response.json() as { error: string }).error}`);
    if (response.status === 200) quarter = (await response.json()) as SimulatedQuarter;
    else await response.body?.cancel();
    return quarter !== undefined;
  }, { what: 'the shared quarter to be simulated', timeoutMs });
  let leaseId: string | undefined;
  let busy = '';
  await waitFor(async () => {
    const response = await fetch(`${controlUrl}/lease?holder=${encodeURIComponent(holder)}`, { method: 'POST' });
    const body = (await response.json()) as { leaseId?: string; heldBy?: string; error?: string };
    if (response.status === 500) throw new Error(`lease on the shared quarter failed: ${body.error}`);
    busy = body.heldBy ?? body.error ?? '';
    leaseId = body.leaseId;
    return leaseId !== undefined;
  }, { what: `the shared quarter to be free (held by ${busy || 'nobody'})`, timeoutMs });
  try {
    return await proof(quarter!);
  } finally {
    await fetch(`${controlUrl}/lease/${leaseId}`, { method: 'DELETE' });
  }
}

/** A promise and its resolver (Node 20 has no Promise.withResolvers). */
function signal(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

async function admin<T>(adminUrl: string, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${adminUrl}/${route}`, { method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
  if (!response.ok) throw new Error(`sandbox admin ${method} ${route}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}
