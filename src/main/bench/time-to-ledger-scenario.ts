/**
 * The `time-to-ledger` benchmark: the product's own composition (`createHub` with a config pointing at
 * the Salesforce/Certinia and NetSuite sandboxes, started in this process on loopback ports) posting
 * approved time to the ledger. It uses only the hub's public members (intake, worker, calls, stop), the
 * sandboxes and the canonical events, never the flow's internals, so the same code measures the flow
 * before and after a rewrite of the flow model.
 *
 * What one measurement does:
 *  1. starts the two sandboxes with a small FIXED latency on every request (so figures measure the hub,
 *     not dice), and seeds the PSA with a firm: one region, clients, resources (Contacts) and projects;
 *  2. builds the hub on a throwaway store (PGlite, or a temporary PostgreSQL database);
 *  3. ingests N `time.approved` events through `hub.intake.ingest`, shaped as the Certinia poller and
 *     webhook build them (one per worker x project x day, the PSA's real record ids);
 *  4. starts the hub's worker and waits until no run is live. Each run resolves its project and
 *     employee through the identity map (each project and worker read from the PSA and upserted in
 *     NetSuite once, then found), posts its time bill in a batched NetSuite async upsert, and appends
 *     its outcome event (`time.posted`).
 * Figures: records/s, per-run latency (event appended -> run finished, from tl_flow_run/tl_event),
 * vendor calls per record (the hub's call recorder and the sandboxes' request logs), peak RSS and heap.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { newEvent } from '../../canonical/new-event.js';
import { timeApproved } from '../../canonical/events/time-approved.js';
import { createIdFactory } from '../../canonical/ids.js';
import { configSchema } from '../../config/index.js';
import { silentLogger } from '../../observability/logger.js';
import type { ThroughlineDatabase } from '../../persistence/database.js';
import { startEstate, type Estate } from '../../sandboxes/estate.js';
import { createFirmSalesforceApi, type SObjectFields } from '../../sandboxes/firm/http/salesforce-api.js';
import { createHub, type Hub } from '../hub.js';
import { seededRandom } from './bench-events.js';
import { percentiles, round } from './measure.js';
import { openBenchStore } from './open-bench-store.js';

/** Options of one time-to-ledger measurement. */
export interface TimeToLedgerOptions {
  /** Approved time entries (= runs = time bills). */
  records: number;
  /** PSA projects the entries are spread over (each provisioned in NetSuite once). */
  projects: number;
  /** PSA resources the entries are spread over (each provisioned in NetSuite once). */
  workers: number;
  /** Events per `intake.ingest` call. */
  ingestBatch: number;
  /**
   * Absent (throughput): all events are ingested first, then the worker drains them. Given (latency):
   * the worker runs while batches of `ingestBatch` events arrive at this many events per second.
   */
  rate?: number | undefined;
  /** Fixed latency the sandboxes add to every request, in ms. */
  vendorLatencyMs: number;
  /** PostgreSQL server URL; absent = PGlite in this process. */
  databaseUrl?: string | undefined;
  progress(line: string): void;
}

/** What one time-to-ledger measurement found. */
export interface TimeToLedgerResult {
  engine: 'pglite' | 'postgres';
  records: number;
  projects: number;
  workers: number;
  vendorLatencyMs: number;
  /** `drain` (ingest all, then run the worker) or `paced` (events offered at `offeredRate`/s to a running worker). */
  mode: 'drain' | 'paced';
  offeredRate?: number;
  /** Runs completed; time bills the NetSuite sandbox holds; `time.posted` events appended. */
  completedRuns: number;
  timeBills: number;
  timePostedEvents: number;
  /** Seconds from the worker's start to the last run finished, and the records/s that makes (paced: about the offered rate). */
  seconds: number;
  recordsPerSecond: number;
  /** Seconds from the first ingest call to the last one returning, and the events/s that makes. */
  ingestSeconds: number;
  ingestEventsPerSecond: number;
  /** Per run: its event's `recorded_at` (appended) -> the run's `finished_at`; the whole backlog waits from the start. */
  latencyMs: ReturnType<typeof percentiles> & { p95: number };
  /** Per run: the worker's start -> the run's `finished_at` (the same without the ingest time). */
  sinceWorkerStartMs: ReturnType<typeof percentiles> & { p95: number };
  /** Vendor requests during the measurement (seeding excluded). */
  vendorCalls: {
    /** What the hub's call recorder counted, per connection (requests + token requests). */
    hub: Record<string, number>;
    /** What each sandbox served, from its request log (admin requests excluded). */
    sandbox: Record<string, number>;
    /** NetSuite batch upserts of time bills (`PUT /record/v1/timeBill` with `Prefer: respond-async`). */
    timeBillBatches: number;
    /** Sandbox-served requests per record, all vendors. */
    perRecord: number;
    /** Sandbox-served requests by vendor, method and path (record ids as `:id`), most first. */
    byRoute: Record<string, number>;
  };
  peakRssMiB: number;
  peakHeapMiB: number;
  cpuSeconds: number;
  notes: string;
}

/** Runs one time-to-ledger measurement on a fresh estate and store; everything is torn down after. */
export async function runTimeToLedgerScenario(options: TimeToLedgerOptions): Promise<TimeToLedgerResult> {
  const memory = trackPeakMemoryAndHeap();
  const latency = { rules: [{ id: 'bench-fixed-latency', latencyMs: { min: options.vendorLatencyMs, max: options.vendorLatencyMs } }] };
  const estate = await startEstate({ only: ['salesforce', 'netsuite'], seed: 1, faults: { salesforce: latency, netsuite: latency } });
  let bench: Awaited<ReturnType<typeof openBenchStore>> | undefined;
  let hub: Hub | undefined;
  try {
    options.progress(`time-to-ledger: seeding the PSA with ${options.projects} projects and ${options.workers} resources`);
    const firm = await seedFirm(estate, options);
    bench = await openBenchStore(options.databaseUrl, 8);
    hub = await createBenchHub(estate, bench.store);
    const events = approvedTimeOfFirm(firm, options.records);

    const salesforce = estate.sandboxes.salesforce!;
    const netsuite = estate.sandboxes.netsuite!;
    const sinceSeq = { salesforce: await lastRequestSeq(salesforce.adminUrl), netsuite: await lastRequestSeq(netsuite.adminUrl) };
    const callsBefore = callTotals(hub);

    const cpuBefore = process.cpuUsage();
    let ingestSeconds: number;
    let workerStartedAt: Date;
    let wall: number;
    if (options.rate === undefined) {
      // Throughput: the backlog first, then the worker drains it.
      options.progress(`time-to-ledger ${bench.store.engine}: ingest ${options.records} time.approved events (batches of ${options.ingestBatch})`);
      const ingestStarted = performance.now();
      for (let i = 0; i < events.length; i += options.ingestBatch) await hub.intake.ingest(events.slice(i, i + options.ingestBatch));
      ingestSeconds = (performance.now() - ingestStarted) / 1000;
      options.progress(`time-to-ledger ${bench.store.engine}: worker draining ${options.records} runs (vendor latency ${options.vendorLatencyMs} ms)`);
      workerStartedAt = new Date();
      const started = performance.now();
      hub.worker.start();
      await waitUntilNoLiveRun(bench.store);
      wall = (performance.now() - started) / 1000;
    } else {
      // Latency: the worker runs while batches arrive at the offered rate, as poll pages would.
      const rate = options.rate;
      options.progress(`time-to-ledger ${bench.store.engine}: ${options.records} events offered at ${rate}/s in batches of ${options.ingestBatch} to a running worker`);
      workerStartedAt = new Date();
      const started = performance.now();
      hub.worker.start();
      for (let i = 0; i < events.length; i += options.ingestBatch) {
        const due = started + (i / rate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        await hub.intake.ingest(events.slice(i, i + options.ingestBatch));
      }
      ingestSeconds = (performance.now() - started) / 1000;
      await waitUntilNoLiveRun(bench.store);
      wall = (performance.now() - started) / 1000;
    }
    await hub.worker.stop();
    const cpu = process.cpuUsage(cpuBefore);

    const runs = await sql<{ status: string; latency_ms: number; since_start_ms: number }>`
      select r.status,
             extract(epoch from (r.finished_at - e.recorded_at)) * 1000 as latency_ms,
             extract(epoch from (r.finished_at - ${workerStartedAt.toISOString()}::timestamptz)) * 1000 as since_start_ms
        from tl_flow_run r join tl_event e on e.id = r.event_id
       where e.type = 'time.approved'`.execute(bench.store.db);
    const completed = runs.rows.filter((r) => r.status === 'completed');
    if (completed.length !== options.records) {
      const byStatus = Object.entries(countBy(runs.rows.map((r) => r.status))).map(([s, n]) => `${n} ${s}`).join(', ');
      throw new Error(`time-to-ledger bench: ${completed.length} of ${options.records} runs completed (${byStatus || 'no runs'}); see tl_run_exception`);
    }
    const posted = await sql<{ n: number }>`select count(*)::int as n from tl_event where type = 'time.posted'`.execute(bench.store.db);
    const seconds = Math.max(...completed.map((r) => Number(r.since_start_ms))) / 1000 || wall;

    const served = {
      salesforce: await requestsSince(salesforce.adminUrl, sinceSeq.salesforce),
      netsuite: await requestsSince(netsuite.adminUrl, sinceSeq.netsuite),
    };
    const timeBillBatches = served.netsuite.filter((r) => r.method === 'PUT' && /\/record\/v1\/timeBill\/?$/.test(r.path)).length;
    const callsAfter = callTotals(hub);
    const timeBills = await recordCount(netsuite.adminUrl, 'timeBill');
    const sandboxCalls = { salesforce: served.salesforce.length, netsuite: served.netsuite.length };
    const totalServed = sandboxCalls.salesforce + sandboxCalls.netsuite;
    return {
      engine: bench.store.engine,
      records: options.records,
      projects: options.projects,
      workers: options.workers,
      vendorLatencyMs: options.vendorLatencyMs,
      mode: options.rate === undefined ? 'drain' : 'paced',
      ...(options.rate === undefined ? {} : { offeredRate: options.rate }),
      completedRuns: completed.length,
      timeBills,
      timePostedEvents: posted.rows[0]?.n ?? 0,
      seconds: round(seconds),
      recordsPerSecond: round(completed.length / seconds),
      ingestSeconds: round(ingestSeconds),
      ingestEventsPerSecond: round(options.records / ingestSeconds),
      latencyMs: withP95(completed.map((r) => Number(r.latency_ms))),
      sinceWorkerStartMs: withP95(completed.map((r) => Number(r.since_start_ms))),
      vendorCalls: {
        hub: Object.fromEntries(Object.entries(callsAfter).map(([connection, n]) => [connection, n - (callsBefore[connection] ?? 0)])),
        sandbox: sandboxCalls,
        timeBillBatches,
        perRecord: round(totalServed / options.records),
        byRoute: byRoute(served),
      },
      ...memory.stop(),
      cpuSeconds: round((cpu.user + cpu.system) / 1e6),
      notes:
        (options.rate === undefined
          ? `${options.records} time.approved events ingested first (batches of ${options.ingestBatch}), then the hub's worker drains them; latency includes the backlog; `
          : `${options.records} time.approved events offered at ${options.rate}/s in batches of ${options.ingestBatch} to the running worker; `) +
        `runs of one claim finish in one recording transaction, so latencies step per claim; sandboxes in this process with a fixed ${options.vendorLatencyMs} ms per request; ` +
        'cpuSeconds = this process (hub, sandboxes, PGlite) from the first ingest to the last run',
    };
  } finally {
    await hub?.stop().catch(() => undefined);
    await bench?.close().catch(() => undefined);
    await estate.stop();
  }
}

/** The hub as `serve` composes it, pointed at the estate; NetSuite job polling short, as the demo sets it. */
async function createBenchHub(estate: Estate, store: ThroughlineDatabase): Promise<Hub> {
  const salesforce = estate.sandboxes.salesforce!;
  const netsuite = estate.sandboxes.netsuite!;
  const env = {
    BENCH_SALESFORCE_CLIENT_SECRET: salesforce.credentials.clientSecret!,
    BENCH_NETSUITE_PRIVATE_KEY: netsuite.credentials.privateKeyPem!,
  };
  const config = configSchema.parse({
    connections: [
      {
        id: 'salesforce', system: 'salesforce', baseUrl: salesforce.baseUrl,
        auth: { type: 'oauth_client_credentials', clientId: salesforce.credentials.clientId!, clientSecretEnv: 'BENCH_SALESFORCE_CLIENT_SECRET' },
      },
      {
        id: 'netsuite', system: 'netsuite', baseUrl: netsuite.baseUrl, limits: { netsuiteTier: 'standard' },
        auth: { type: 'netsuite_jwt', clientId: netsuite.credentials.clientId!, certificateId: netsuite.credentials.certificateId!, privateKeyEnv: 'BENCH_NETSUITE_PRIVATE_KEY' },
      },
    ],
  });
  return createHub({
    config, store, env, logger: silentLogger(),
    netsuite: { jobPolling: { initialDelayMs: 20, maxDelayMs: 250, deadlineMs: 120_000 } },
  });
}

/** The PSA ids of the seeded firm. */
interface SeededFirm {
  projects: string[];
  workers: string[];
}

/** Seeds the PSA as the firm's users would (through their own connected app): region, accounts, resources, projects. */
async function seedFirm(estate: Estate, options: TimeToLedgerOptions): Promise<SeededFirm> {
  const sandbox = estate.sandboxes.salesforce!;
  const api = createFirmSalesforceApi({
    baseUrl: sandbox.baseUrl,
    tokenUrl: sandbox.credentials.tokenUrl!,
    clientId: sandbox.credentials.firmUsersClientId!,
    clientSecret: sandbox.credentials.firmUsersClientSecret!,
    apiVersion: sandbox.credentials.apiVersion ?? '61.0',
  });
  const regionId = await api.create('pse__Region__c', { Name: 'Americas', pse__Region_ID__c: 'AMERICAS', CurrencyIsoCode: 'USD' });
  const practiceId = await api.create('pse__Practice__c', { Name: 'Implementation', pse__Practice_ID__c: 'IMPLEMENTATION' });
  const firmAccountId = await api.create('Account', { Name: 'Throughline Consulting Inc.', Type: 'Other', BillingCountry: 'United States', CurrencyIsoCode: 'USD' });
  const clientCount = Math.max(1, Math.ceil(options.projects / 3));
  const clients = idsOf('Account', await api.createMany('Account', Array.from({ length: clientCount }, (_, i): SObjectFields => ({
    Name: `Bench Client ${i + 1} Inc.`, Type: 'Customer - Direct', BillingCountry: 'United States', CurrencyIsoCode: 'USD', Tax_Id__c: `12-${String(1000000 + i)}`,
  }))));
  const workers = idsOf('Contact', await api.createMany('Contact', Array.from({ length: options.workers }, (_, i): SObjectFields => ({
    FirstName: 'Bench', LastName: `Consultant ${i + 1}`, Email: `bench.consultant.${i + 1}@throughline-consulting.example`, Title: 'Consultant',
    AccountId: firmAccountId, pse__Is_Resource__c: true, pse__Is_Resource_Active__c: true, pse__Resource_Role__c: 'Consultant',
    pse__Region__c: regionId, pse__Default_Cost_Rate__c: 62.5, CurrencyIsoCode: 'USD',
  }))));
  const projects = idsOf('pse__Proj__c', await api.createMany('pse__Proj__c', Array.from({ length: options.projects }, (_, i): SObjectFields => ({
    Name: `Bench Client ${(i % clientCount) + 1} - Implementation ${i + 1}`, pse__Account__c: clients[i % clientCount]!, pse__Opportunity__c: null,
    pse__Region__c: regionId, pse__Practice__c: practiceId, pse__Stage__c: 'In Progress', pse__Project_Status__c: 'Green',
    pse__Project_Type__c: 'Customer Project', Billing_Model__c: 'Time and Materials', pse__Start_Date__c: '2025-01-01', pse__End_Date__c: '2027-12-31',
    pse__Is_Active__c: true, pse__Is_Billable__c: true, pse__Closed_for_Time_Entry__c: false, pse__Closed_for_Expense_Entry__c: false, CurrencyIsoCode: 'USD',
  }))));
  return { projects, workers };
}

function idsOf(sobject: string, outcomes: Array<{ ok: true; id: string } | { ok: false; reason: string }>): string[] {
  return outcomes.map((outcome) => {
    if (!outcome.ok) throw new Error(`seeding ${sobject} failed: ${outcome.reason}`);
    return outcome.id;
  });
}

/**
 * `count` approved time entries as the Certinia mapping builds them from approved timecards: one per
 * worker x day (8 or 7.5 hours, so no worker's day passes 24 hours), each worker's week on one project
 * (one timecard), projects rotating so each is shared by several workers. Deterministic ids and times.
 */
function approvedTimeOfFirm(firm: SeededFirm, count: number): unknown[] {
  let tick = Date.UTC(2026, 5, 1);
  const clock = { now: () => new Date(tick++) };
  const idFactory = createIdFactory({ now: () => tick, random: seededRandom(42) });
  const connection = { system: 'salesforce', connection: 'salesforce' };
  const events: unknown[] = [];
  const workerCount = firm.workers.length;
  for (let i = 0; i < count; i += 1) {
    const w = i % workerCount;
    const dayIndex = Math.floor(i / workerCount);
    const week = Math.floor(dayIndex / 5);
    // Weekdays from Monday 2025-01-06 on: five entries per worker and week.
    const workDate = new Date(Date.UTC(2025, 0, 6 + week * 7 + (dayIndex % 5))).toISOString().slice(0, 10);
    const p = (w + week * 7) % firm.projects.length;
    const projectId = firm.projects[p]!;
    const workerId = firm.workers[w]!;
    const timecardId = `a1B${String(week).padStart(5, '0')}${String(w).padStart(7, '0')}`;
    const timeEntryId = `${timecardId}:${workDate}`;
    const version = new Date(Date.UTC(2025, 0, 6 + week * 7 + 5, 17, 0, 0)).toISOString();
    events.push(newEvent(timeApproved, {
      subject: `time_entry:salesforce:${timeEntryId}`,
      source: 'salesforce',
      sourceId: timeEntryId,
      sourceVersion: version,
      correlationId: `project:salesforce:${projectId}`,
      time: version,
      data: {
        timeEntryId,
        sourceTimecardId: timecardId,
        workerRef: { refs: [{ ...connection, objectType: 'Contact', id: workerId }] },
        projectRef: { refs: [{ ...connection, objectType: 'pse__Proj__c', id: projectId }] },
        workDate,
        hours: i % 7 === 0 ? '7.5' : '8',
        billable: true,
        billRate: { amount: '195.00', currency: 'USD' },
        costRate: { amount: '62.50', currency: 'USD' },
        approvedAt: version,
      },
    }, { idFactory, clock }));
  }
  return events;
}

/** Polls until no run is live (cheap: one probe of the claim index). */
async function waitUntilNoLiveRun(store: ThroughlineDatabase): Promise<void> {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    const open = await sql<{ id: string }>`select id from tl_flow_run where live limit 1`.execute(store.db);
    if (open.rows.length === 0) return;
    if (Date.now() > deadline) throw new Error('time-to-ledger bench did not finish within 20 minutes');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function callTotals(hub: Hub): Record<string, number> {
  return Object.fromEntries(Object.entries(hub.calls.snapshot()).map(([connection, c]) => [connection, c.requests + c.tokenRequests]));
}

interface ServedRequest {
  method: string;
  path: string;
}

async function lastRequestSeq(adminUrl: string): Promise<number> {
  const response = await fetch(`${adminUrl}/requests?since=${Number.MAX_SAFE_INTEGER}`);
  if (!response.ok) throw new Error(`sandbox admin GET requests failed: ${response.status}`);
  return ((await response.json()) as { lastSeq: number }).lastSeq;
}

/** How many records of a type the NetSuite sandbox holds (its admin API). */
async function recordCount(adminUrl: string, type: string): Promise<number> {
  const response = await fetch(`${adminUrl}/records`);
  if (!response.ok) throw new Error(`sandbox admin GET records failed: ${response.status}`);
  return ((await response.json()) as { counts: Record<string, number> }).counts[type] ?? 0;
}

/** Vendor requests a sandbox served after `since` (its admin API excluded). */
async function requestsSince(adminUrl: string, since: number): Promise<ServedRequest[]> {
  const response = await fetch(`${adminUrl}/requests?since=${since}`);
  if (!response.ok) throw new Error(`sandbox admin GET requests failed: ${response.status}`);
  const { requests } = (await response.json()) as { requests: ServedRequest[] };
  return requests.filter((r) => !r.path.startsWith('/__admin'));
}

function byRoute(served: Record<string, ServedRequest[]>): Record<string, number> {
  const routes = Object.entries(served).flatMap(([vendor, requests]) =>
    requests.map((r) => `${vendor} ${r.method} ${r.path.split('?')[0]!.split('/').map((segment) => (isIdSegment(segment) ? ':id' : segment)).join('/')}`));
  return Object.fromEntries(Object.entries(countBy(routes)).sort((a, b) => b[1] - a[1]));
}

/** A record id in a path: a number, a NetSuite `eid:` key or a Salesforce id (15-18 characters with a digit). */
function isIdSegment(segment: string): boolean {
  return /^\d+$/.test(segment) || segment.startsWith('eid:') || (segment.length >= 15 && /\d/.test(segment));
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function withP95(samples: readonly number[]): ReturnType<typeof percentiles> & { p95: number } {
  const base = percentiles(samples);
  if (samples.length === 0) return { ...base, p95: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  return { ...base, p95: round(sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]!) };
}

/** Peak resident memory and V8 heap while the measurement runs, in MiB. */
function trackPeakMemoryAndHeap(intervalMs = 25): { stop(): { peakRssMiB: number; peakHeapMiB: number } } {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMiB: round(rss / 2 ** 20), peakHeapMiB: round(heap / 2 ** 20) };
    },
  };
}
