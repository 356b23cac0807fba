import type { Worker } from '../../../canonical/entities/worker.js';
import { createIdFactory, type IdFactory } from '../../../canonical/ids.js';
import type { Poller, PollPage } from '../../../intake/inbound-source.js';
import type { WorkdayClient } from '../client.js';
import type { WorkdayConnectorConfig } from '../config.js';
import { workerDeltaEvents, transactionsInWindow, isTransactionType, type DeltaWindow } from '../mappers/worker-events.js';
import { mapWorkdayWorker, workerWidOf } from '../mappers/worker.js';
import { getWorkers } from '../outbound/get-workers.js';
import { formatDeltaCheckpoint, parseDeltaCheckpoint } from './delta-checkpoint.js';

const DAY_MS = 86_400_000;

/** Options of the worker delta poller (defaults from the connector config). */
export interface WorkerDeltaPollerOptions {
  idFactory?: IdFactory | undefined;
  /** Poller id (default `<connection>:workday:worker-delta`). */
  id?: string | undefined;
  /** Told about each worker Workday returned that failed validation (it is skipped, never blocking the page). */
  onRejected?: ((reason: string) => void) | undefined;
}

/**
 * Polls Get_Workers with Transaction_Log_Criteria Updated_From/Updated_Through (architecture §2,
 * style item 9). A window runs from just after the last complete window to now (minus `settleMs`);
 * its pages are read one per `pollPage` and the checkpoint names the next page, so a crash resumes
 * mid-window. Workers are read as of the window's end (entry moment) and a horizon effective date,
 * which keeps every page of a window stable however long the pause between them. For workers whose
 * window holds changes but no hire, their view just before the window is fetched (one extra call per
 * page) so `worker.changed` lists exactly the canonical fields that moved.
 */
export function createWorkerDeltaPoller(client: WorkdayClient, config: WorkdayConnectorConfig, options: WorkerDeltaPollerOptions = {}): Poller {
  const idFactory = options.idFactory ?? createIdFactory({ now: () => client.clock.now().getTime() });
  const pageSize = Math.min(Math.max(config.pageSize ?? 100, 1), 999);
  const initialFrom = new Date(config.initialUpdatedFrom ?? '2000-01-01T00:00:00Z');
  const horizonDays = config.effectiveHorizonDays ?? 366;
  const connection = client.connection;
  const asOfEffectiveDate = (window: DeltaWindow) => new Date(window.through.getTime() + horizonDays * DAY_MS).toISOString().slice(0, 10);

  const previousViews = async (window: DeltaWindow, wids: string[]): Promise<Map<string, Worker>> => {
    const views = new Map<string, Worker>();
    if (wids.length === 0) return views;
    const page = await getWorkers(client, {
      wids,
      asOfEntryMoment: new Date(window.from.getTime() - 1),
      asOfEffectiveDate: asOfEffectiveDate(window),
      page: 1,
      count: Math.min(wids.length, 999),
    });
    for (const worker of page.workers) views.set(workerWidOf(worker), mapWorkdayWorker(worker, { connection, annualHours: config.annualHours }));
    return views;
  };

  return {
    id: options.id ?? `${connection}:workday:worker-delta`,
    connection,
    async pollPage(checkpointText): Promise<PollPage> {
      const checkpoint = parseDeltaCheckpoint(checkpointText);
      let window: DeltaWindow;
      let page = 1;
      if (checkpoint && 'page' in checkpoint) {
        window = { from: new Date(checkpoint.from), through: new Date(checkpoint.through) };
        page = checkpoint.page;
      } else {
        // Both ends are inclusive at Workday: the next window starts one millisecond after the last.
        const from = checkpoint ? new Date(Date.parse(checkpoint.through) + 1) : initialFrom;
        const through = new Date(client.clock.now().getTime() - (config.settleMs ?? 0));
        if (through.getTime() < from.getTime()) {
          return { events: [], echoesDropped: 0, ignored: 0, nextCheckpoint: checkpointText ?? formatDeltaCheckpoint({ through: new Date(from.getTime() - 1).toISOString() }), done: true };
        }
        window = { from, through };
      }
      const result = await getWorkers(client, { updated: window, asOfEffectiveDate: asOfEffectiveDate(window), page, count: pageSize });
      const needPrevious = result.workers
        .filter((w) => !transactionsInWindow(w, window).some((t) => isTransactionType(t, 'hire')))
        .map(workerWidOf);
      const previous = await previousViews(window, needPrevious);
      const events: unknown[] = [];
      let ignored = result.rejected.length;
      for (const rejected of result.rejected) options.onRejected?.(`${connection}: Get_Workers page ${page} worker #${rejected.index}: ${rejected.reason}`);
      for (const worker of result.workers) {
        const produced = workerDeltaEvents(worker, { connection, window, idFactory, annualHours: config.annualHours, previous: previous.get(workerWidOf(worker)) });
        if (produced.length === 0) ignored++;
        events.push(...produced);
      }
      const lastPage = result.totalPages === 0 || page >= result.totalPages;
      const nextCheckpoint = lastPage
        ? formatDeltaCheckpoint({ through: window.through.toISOString() })
        : formatDeltaCheckpoint({ from: window.from.toISOString(), through: window.through.toISOString(), page: page + 1 });
      return { events, echoesDropped: 0, ignored, nextCheckpoint, done: lastPage };
    },
  };
}
