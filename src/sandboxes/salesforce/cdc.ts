/**
 * Change data capture: every committed create/update/delete becomes a change event with a
 * `ChangeEventHeader` and a replay id, kept for a retention window of sandbox time (72 h by
 * default), fetchable since a replay id, and pushed as a signed webhook to subscribers.
 * https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_event_fields_header.htm
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SandboxClock } from '../kit/clock.js';
import type { WebhookDispatcher, WebhookSubscription } from '../kit/webhooks.js';
import type { RecordChange, WriteContext } from './store.js';
import type { FieldValue } from './values.js';
import { formatDatetime } from './values.js';

/** The header Salesforce puts on every change event. */
export interface ChangeEventHeader {
  entityName: string;
  recordIds: string[];
  changeType: 'CREATE' | 'UPDATE' | 'DELETE';
  changeOrigin: string;
  transactionKey: string;
  sequenceNumber: number;
  commitTimestamp: number;
  commitUser: string;
  commitNumber: number;
  changedFields: string[];
  nulledFields: string[];
  diffFields: string[];
}

/** One change event as delivered and as fetched. */
export interface ChangeEvent {
  schema: string;
  payload: { ChangeEventHeader: ChangeEventHeader } & Record<string, FieldValue | ChangeEventHeader>;
  event: { replayId: number };
}

/** A registered webhook receiver of change events. */
export interface CdcSubscription {
  id: string;
  url: string;
  secret: string;
  /** Entity names to deliver (all when absent). */
  entities?: string[];
}

/** The change event log and its webhook fan-out. */
export interface ChangeDataCapture {
  record(changes: RecordChange[], ctx: WriteContext): void;
  /** Retained events with replay id greater than `sinceReplayId`. */
  since(sinceReplayId: number, limit?: number): { events: ChangeEvent[]; latestReplayId: number; earliestReplayId: number | null };
  subscribe(input: { url: string; secret?: string; entities?: string[] }): CdcSubscription;
  unsubscribe(id: string): boolean;
  subscriptions(): CdcSubscription[];
  reset(): void;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

const schemaIdOf = (entity: string) => createHash('sha256').update(`${entity}ChangeEvent`).digest('base64url').slice(0, 22);

/** Creates the CDC log; events go to `dispatcher` for every matching subscription. */
export function createChangeDataCapture(options: { clock: SandboxClock; dispatcher: WebhookDispatcher; retentionMs: number }): ChangeDataCapture {
  let events: ChangeEvent[] = [];
  let replayId = 0;
  let commitNumber = 0;
  const subs = new Map<string, { sub: CdcSubscription; hook: WebhookSubscription }>();

  const prune = () => {
    const cutoff = options.clock.now().getTime() - options.retentionMs;
    const firstKept = events.findIndex((e) => e.payload.ChangeEventHeader.commitTimestamp >= cutoff);
    events = firstKept < 0 ? [] : events.slice(firstKept);
  };

  return {
    record(changes, ctx) {
      const transactionKey = randomUUID();
      commitNumber += 1;
      changes.forEach((change, index) => {
        replayId += 1;
        const header: ChangeEventHeader = {
          entityName: change.entityName,
          recordIds: [change.recordId],
          changeType: change.changeType,
          changeOrigin: `com/salesforce/api/rest/${ctx.version};client=${ctx.clientId}`,
          transactionKey,
          sequenceNumber: index + 1,
          commitTimestamp: change.commitTimestamp,
          commitUser: ctx.userId,
          commitNumber,
          changedFields: change.changedFields,
          nulledFields: change.changeType === 'UPDATE' ? change.changedFields.filter((f) => change.values[f] === null) : [],
          diffFields: [],
        };
        const values = Object.fromEntries(Object.entries(change.values).filter(([, v]) => v !== null));
        if (change.changeType !== 'DELETE' && !('LastModifiedDate' in values)) values.LastModifiedDate = formatDatetime(new Date(change.commitTimestamp));
        const event: ChangeEvent = { schema: schemaIdOf(change.entityName), payload: { ChangeEventHeader: header, ...values }, event: { replayId } };
        events.push(event);
        options.dispatcher.dispatch(event, { webhookId: `cdc_${replayId}` });
      });
      prune();
    },
    since(sinceReplayId, limit = 10_000) {
      prune();
      const found = events.filter((e) => e.event.replayId > sinceReplayId).slice(0, limit);
      return { events: found, latestReplayId: replayId, earliestReplayId: events[0]?.event.replayId ?? null };
    },
    subscribe(input) {
      const entities = input.entities?.length ? input.entities : undefined;
      const hook = options.dispatcher.register({
        url: input.url,
        ...(input.secret ? { secret: input.secret } : {}),
        ...(entities ? { accepts: (p: unknown) => entities.includes((p as ChangeEvent).payload.ChangeEventHeader.entityName) } : {}),
      });
      const sub: CdcSubscription = { id: hook.id, url: hook.url, secret: hook.secret, ...(entities ? { entities } : {}) };
      subs.set(sub.id, { sub, hook });
      return sub;
    },
    unsubscribe(id) {
      options.dispatcher.unregister(id);
      return subs.delete(id);
    },
    subscriptions: () => [...subs.values()].map((s) => s.sub),
    reset() {
      events = [];
    },
    snapshot: () => ({ events: structuredClone(events), replayId, commitNumber }),
    restore(snapshot) {
      const s = snapshot as { events: ChangeEvent[]; replayId: number; commitNumber: number };
      events = structuredClone(s.events);
      // Replay ids never go backwards, even across a restore, so consumers' cursors stay valid.
      replayId = Math.max(replayId, s.replayId);
      commitNumber = Math.max(commitNumber, s.commitNumber);
    },
  };
}
