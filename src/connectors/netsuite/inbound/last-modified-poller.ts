import { z } from 'zod';
import type { InboundBatch, Poller, PollPage } from '../../../intake/inbound-source.js';
import type { NetSuiteClient } from '../client.js';
import { suiteQlPages, type SuiteQlRow } from '../outbound/suiteql-query.js';

/** Where a last-modified poll stands: the newest second seen and the ids already read in that second. */
const checkpointSchema = z.object({ at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/), ids: z.array(z.string()) });
type Checkpoint = z.infer<typeof checkpointSchema>;

/** What a concrete poller adds to the generic one. */
export interface LastModifiedPollerOptions {
  id: string;
  client: NetSuiteClient;
  /** SuiteQL table (`timebill`, `transaction`, `customer`...). */
  table: string;
  /** Extra columns beyond `id, externalid` (comma-separated SuiteQL select list). */
  columns?: string | undefined;
  /** Extra condition ANDed to the lastmodifieddate filter (e.g. `type = 'CustInvc'`). */
  where?: string | undefined;
  /** Rows per page (default 200, at most 1,000). */
  pageSize?: number | undefined;
  /** First poll starts here (ISO instant; default the epoch). */
  since?: string | undefined;
  /** Records the hub wrote itself (external id prefix `tl-` / `tl_`): dropped as echoes. */
  isEcho?: ((row: SuiteQlRow) => boolean) | undefined;
  /** Turns the changed rows (echoes removed) into candidate canonical events. */
  toEvents(rows: readonly ChangedRow[]): Promise<Pick<InboundBatch, 'events' | 'ignored'> & { echoesDropped?: number }>;
}

/** A changed row and the second of its last modification (`YYYY-MM-DDTHH:MI:SSZ`). */
export interface ChangedRow {
  row: SuiteQlRow;
  modifiedAt: string;
}

/** External ids the hub sets start with `tl-` or `tl_` (canonical ids, time bill keys). */
export function isHubExternalId(externalId: unknown): boolean {
  return typeof externalId === 'string' && /^tl[-_]/.test(externalId);
}

/**
 * A checkpointed poller over SuiteQL `lastmodifieddate` (NetSuite has no webhooks): each page reads
 * rows modified at or after the checkpoint second, in (lastmodifieddate, id) order, skips the ids
 * already read in that second, and returns the new checkpoint to save once the events are ingested.
 * Vendor doc: NetSuite Help "SuiteQL" (TO_DATE / TO_CHAR, ORDER BY) via `POST /services/rest/query/v1/suiteql`.
 */
export function createLastModifiedPoller(options: LastModifiedPollerOptions): Poller {
  const pageSize = Math.min(options.pageSize ?? 200, 1000);
  const isEcho = options.isEcho ?? ((row: SuiteQlRow) => isHubExternalId(row.externalid));
  return {
    id: options.id,
    connection: options.client.connection,
    async pollPage(checkpoint): Promise<PollPage> {
      const from = parseCheckpoint(checkpoint, options.since);
      const seen = new Set(from.ids);
      const q = `SELECT id, externalid${options.columns ? `, ${options.columns}` : ''}, TO_CHAR(lastmodifieddate, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS modifiedat ` +
        `FROM ${options.table} WHERE lastmodifieddate >= TO_DATE('${from.at.slice(0, 10)} ${from.at.slice(11, 19)}', 'YYYY-MM-DD HH24:MI:SS')` +
        `${options.where ? ` AND ${options.where}` : ''} ORDER BY lastmodifieddate, id`;
      // The rows already read in the checkpoint second come back first: fetch that many more.
      const pages = suiteQlPages(options.client, q, { pageSize: Math.min(pageSize + seen.size, 1000) });
      const first = await pages.next();
      await pages.return(undefined);
      const page = first.done ? { rows: [], hasMore: false } : first.value;
      const changed: ChangedRow[] = page.rows
        .map((row) => ({ row, modifiedAt: String(row.modifiedat ?? from.at) }))
        .filter(({ row, modifiedAt }) => !(modifiedAt === from.at && seen.has(String(row.id))))
        .slice(0, pageSize);
      const echoes = changed.filter(({ row }) => isEcho(row));
      const fresh = changed.filter(({ row }) => !isEcho(row));
      const batch = fresh.length > 0 ? await options.toEvents(fresh) : { events: [], ignored: 0 };
      return {
        events: batch.events,
        ignored: batch.ignored,
        echoesDropped: echoes.length + (batch.echoesDropped ?? 0),
        nextCheckpoint: JSON.stringify(advance(from, changed)),
        done: !page.hasMore && changed.length < pageSize,
      };
    },
  };
}

function parseCheckpoint(checkpoint: string | undefined, since: string | undefined): Checkpoint {
  if (checkpoint !== undefined) {
    const parsed = checkpointSchema.safeParse(JSON.parse(checkpoint));
    if (parsed.success) return parsed.data;
    throw new Error(`invalid NetSuite poll checkpoint: ${checkpoint}`);
  }
  return { at: `${new Date(since ?? 0).toISOString().slice(0, 19)}Z`, ids: [] };
}

function advance(from: Checkpoint, changed: readonly ChangedRow[]): Checkpoint {
  if (changed.length === 0) return from;
  const at = changed.reduce((max, c) => (c.modifiedAt > max ? c.modifiedAt : max), from.at);
  const ids = changed.filter((c) => c.modifiedAt === at).map((c) => String(c.row.id));
  return { at, ids: at === from.at ? [...new Set([...from.ids, ...ids])] : ids };
}
