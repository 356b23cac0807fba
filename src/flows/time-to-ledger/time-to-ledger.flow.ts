import { defineFlow, type FlowDefinition } from '../../runtime/flows/define-flow.js';
import { postTimeBillStep } from './steps/post-time-bill.step.js';
import { publishTimePostedStep } from './steps/publish-time-posted.step.js';
import { resolveEmployeeStep } from './steps/resolve-employee.step.js';
import { resolveProjectStep } from './steps/resolve-project.step.js';
import { billAmountOf, type TimeEntryEvent } from './time-entry-event.js';
import type { TimeToLedgerDeps } from './time-to-ledger-deps.js';

/** Stable flow id: runs refer to it. */
export const timeToLedgerFlowId = 'time-to-ledger';

/**
 * time-to-ledger (minimal slice, issue 5 item 7): approved PSA time becomes NetSuite time bills,
 * exactly once per time entry; rejections after posting mark the same bill rejected. Runs of one
 * time entry execute in event order. Orchestration only: the steps do the I/O.
 */
export function createTimeToLedgerFlow(deps: TimeToLedgerDeps): FlowDefinition<TimeEntryEvent> {
  return defineFlow<TimeEntryEvent>({
    id: timeToLedgerFlowId,
    subscribesTo: ['time.approved', 'time.rejected'],
    orderingKey: (event) => event.subject,
    steps: [resolveProjectStep(deps), resolveEmployeeStep(deps), postTimeBillStep(deps), publishTimePostedStep(deps)],
    ownerDomain: 'finance',
    exceptionSlaMs: 2 * 24 * 60 * 60_000,
    impact: (event) => {
      const amount = billAmountOf(event);
      return amount ? { amount: amount.amount, currency: amount.currency } : undefined;
    },
  });
}
