import { sql, type Kysely } from 'kysely';
import type { ThroughlineDatabase } from '../persistence/database.js';
import type { Database } from '../persistence/schema.js';
import type { Clock } from '../runtime/clock.js';
import type { Intake } from './create-intake.js';
import type { Poller } from './inbound-source.js';

/** What one poller did in one pass. */
export interface PollerPassSummary {
  pollerId: string;
  connection: string;
  pages: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  echoesDropped: number;
  ignored: number;
  /** Set when the pass stopped on an error (the checkpoint stays at the last ingested page). */
  error?: string;
  /** Reasons of rejected events (first few). */
  rejectReasons: string[];
}

/**
 * Runs pollers on demand, one pass at a time; each page is ingested and checkpointed in one
 * transaction. When they run is up to the caller: the hub's poll scheduler runs a poller when its
 * durable schedule fires (see poll-scheduler.ts).
 */
export interface PollerRunner {
  /** One pass over every poller, each reading pages until its source has nothing more (or the page cap). */
  pollOnce(): Promise<PollerPassSummary[]>;
  /**
   * One pass of one poller, by id (throws on an id it does not run; a failing pass is reported in
   * the summary). `db`: where the pass reads its checkpoint and writes its pages (default the store;
   * the poll scheduler passes the connection that holds the poller's pass lock).
   */
  pollPoller(pollerId: string, options?: { db?: Kysely<Database> }): Promise<PollerPassSummary>;
  /** The ids of the pollers it runs. */
  pollerIds(): string[];
  /** Totals of every pass so far, per poller. */
  totals(): PollerPassSummary[];
}

/** Options of {@link runPollers}. */
export interface RunPollersOptions {
  store: Pick<ThroughlineDatabase, 'db'>;
  pollers: readonly Poller[];
  intake: Intake;
  clock: Clock;
  /** Safety cap on pages per poller per pass (default 1000). */
  maxPagesPerPass?: number;
  onError?(pollerId: string, error: unknown): void;
}

/** The stored checkpoint of a poller (undefined before its first page). */
export async function loadCheckpoint(store: Pick<ThroughlineDatabase, 'db'>, pollerId: string): Promise<string | undefined> {
  const row = await store.db.selectFrom('tl_poll_checkpoint').select('checkpoint').where('poller_id', '=', pollerId).executeTakeFirst();
  return row?.checkpoint;
}

/**
 * Creates the poller runner (Nango-style checkpointed syncs): a page's events and its next
 * checkpoint are written in ONE transaction, so a kill between them can neither lose nor repeat a
 * page's effects; after a crash each poller resumes from its stored checkpoint.
 */
export function runPollers(options: RunPollersOptions): PollerRunner {
  const maxPages = options.maxPagesPerPass ?? 1_000;
  const totals = new Map<string, PollerPassSummary>();
  let passing: Promise<unknown> | undefined;

  const empty = (poller: Poller): PollerPassSummary => ({
    pollerId: poller.id, connection: poller.connection, pages: 0, accepted: 0, duplicates: 0, rejected: 0, echoesDropped: 0, ignored: 0, rejectReasons: [],
  });

  const pollOne = async (poller: Poller, db: Kysely<Database> = options.store.db): Promise<PollerPassSummary> => {
    const summary = empty(poller);
    try {
      let checkpoint = await loadCheckpoint({ db }, poller.id);
      for (let n = 0; n < maxPages; n++) {
        const page = await poller.pollPage(checkpoint);
        const results = await db.transaction().execute(async (trx) => {
          const ingested = page.events.length > 0 ? await options.intake.ingest(page.events, { trx }) : [];
          await sql`
            insert into tl_poll_checkpoint (poller_id, connection_id, checkpoint, pages, updated_at)
            values (${poller.id}, ${poller.connection}, ${page.nextCheckpoint}, 1, ${options.clock.now().toISOString()}::timestamptz)
            on conflict (poller_id) do update
              set checkpoint = excluded.checkpoint, pages = tl_poll_checkpoint.pages + 1, updated_at = excluded.updated_at`.execute(trx);
          return ingested;
        });
        checkpoint = page.nextCheckpoint;
        summary.pages++;
        summary.echoesDropped += page.echoesDropped;
        summary.ignored += page.ignored;
        for (const result of results) {
          if (result.status === 'accepted') summary.accepted++;
          else if (result.status === 'duplicate') summary.duplicates++;
          else {
            summary.rejected++;
            if (summary.rejectReasons.length < 5 && result.reason) summary.rejectReasons.push(result.reason);
          }
        }
        if (page.done) break;
      }
    } catch (error) {
      summary.error = error instanceof Error ? error.message : String(error);
      options.onError?.(poller.id, error);
    }
    return summary;
  };

  const addToTotals = (summaries: PollerPassSummary[]) => {
    for (const s of summaries) {
      const t = totals.get(s.pollerId) ?? { ...empty({ id: s.pollerId, connection: s.connection } as Poller) };
      t.pages += s.pages;
      t.accepted += s.accepted;
      t.duplicates += s.duplicates;
      t.rejected += s.rejected;
      t.echoesDropped += s.echoesDropped;
      t.ignored += s.ignored;
      t.rejectReasons = [...t.rejectReasons, ...s.rejectReasons].slice(0, 5);
      if (s.error !== undefined) t.error = s.error;
      else delete t.error;
      totals.set(s.pollerId, t);
    }
  };

  /** One pass at a time: a pass asked for while one runs waits for it and runs after it. */
  const exclusive = async <T>(pass: () => Promise<T>): Promise<T> => {
    while (passing) await passing.catch(() => undefined);
    const current = pass();
    passing = current;
    try {
      return await current;
    } finally {
      if (passing === current) passing = undefined;
    }
  };

  return {
    pollOnce: () =>
      exclusive(async () => {
        const summaries: PollerPassSummary[] = [];
        for (const poller of options.pollers) summaries.push(await pollOne(poller));
        addToTotals(summaries);
        return summaries;
      }),
    pollPoller(pollerId, passOptions = {}) {
      const poller = options.pollers.find((p) => p.id === pollerId);
      if (!poller) return Promise.reject(new Error(`no poller "${pollerId}" (pollers: ${options.pollers.map((p) => p.id).join(', ') || 'none'})`));
      return exclusive(async () => {
        const summary = await pollOne(poller, passOptions.db);
        addToTotals([summary]);
        return summary;
      });
    },
    pollerIds: () => options.pollers.map((p) => p.id),
    totals: () => [...totals.values()].map((t) => ({ ...t, rejectReasons: [...t.rejectReasons] })),
  };
}
