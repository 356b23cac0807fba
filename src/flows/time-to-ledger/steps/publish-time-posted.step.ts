import type { CanonicalEvent } from '../../../canonical/envelope.js';
import { timePosted } from '../../../canonical/events/time-posted.js';
import { newEvent } from '../../../canonical/new-event.js';
import { defineBatchStep } from '../../../runtime/flows/define-step.js';
import type { TimeToLedgerDeps } from '../time-to-ledger-deps.js';
import { isApproval, type TimeEntryEvent } from '../time-entry-event.js';
import { postTimeBillStepId, type PostedTimeBill } from './post-time-bill.step.js';

/** Stable id: checkpoints refer to it. */
export const publishTimePostedStepId = 'publish-time-posted';

/**
 * Appends one `time.posted` outcome per written time bill (a rejection names the bill it reverses).
 * Idempotent by the intake dedupe key (throughline | time.posted | entry | version): a retry after a
 * crash between publish and checkpoint appends nothing new.
 */
export function publishTimePostedStep(deps: TimeToLedgerDeps) {
  return defineBatchStep<TimeEntryEvent, { published: boolean }>({
    id: publishTimePostedStepId,
    maxBatch: 500,
    async invokeBatch(items) {
      const events: CanonicalEvent[] = [];
      const published = items.map(({ input, ctx }) => {
        const posted = ctx.outputs[postTimeBillStepId] as PostedTimeBill | undefined;
        if (!posted || 'skipped' in posted) return false;
        events.push(
          newEvent(
            timePosted,
            {
              subject: input.subject,
              sourceId: input.data.timeEntryId,
              sourceVersion: posted.version,
              correlationId: input.correlationId,
              causationId: input.id,
              data: {
                timeEntryId: input.data.timeEntryId,
                timeEntryVersion: posted.version,
                erpRecord: { ...posted.record, externalId: posted.externalId },
                hours: posted.hours,
                billable: posted.billable,
                ...(posted.billAmount ? { billAmount: posted.billAmount } : {}),
                ...(isApproval(input) ? {} : { reversesExternalId: posted.externalId }),
                postedAt: ctx.clock.now().toISOString(),
              },
            },
            { idFactory: deps.idFactory, clock: ctx.clock },
          ),
        );
        return true;
      });
      if (events.length > 0) await deps.publish(events);
      return published.map((p) => ({ ok: true as const, output: { published: p } }));
    },
  });
}
