import { timePosted } from '../../../canonical/events/time-posted.js';
import { newEvent } from '../../../canonical/new-event.js';
import { defineBatchStep, type BatchItem } from '../../../runtime/flows/define-step.js';
import type { TimeToLedgerDeps } from '../time-to-ledger-deps.js';
import { isApproval, type TimeEntryEvent } from '../time-entry-event.js';
import { postedTimeBill } from './await-time-bill.step.js';

/** Stable id: checkpoints refer to it. */
export const publishTimePostedStepId = 'publish-time-posted';

/**
 * Emits one `time.posted` outcome per written time bill (a rejection names the bill it reverses). The
 * runtime appends it with this step's checkpoint, in one transaction; a run of this step again after
 * a crash emits the same event (intake dedupe key throughline | time.posted | entry | version), which
 * the log already holds.
 */
export function publishTimePostedStep(deps: TimeToLedgerDeps) {
  return defineBatchStep({
    id: publishTimePostedStepId,
    needs: [postedTimeBill],
    maxBatch: 500,
    async invokeBatch(items: ReadonlyArray<BatchItem<TimeEntryEvent, typeof postedTimeBill>>) {
      return items.map(({ input, ctx }) => {
        const posted = ctx.output(postedTimeBill);
        if ('skipped' in posted) return { ok: true as const, output: { published: false } };
        ctx.emit(
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
        return { ok: true as const, output: { published: true } };
      });
    },
  });
}
