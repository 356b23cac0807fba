import { defineFlow } from '../../runtime/flows/define-flow.js';
import { awaitTimeBillStep } from './steps/await-time-bill.step.js';
import { postTimeBillStep } from './steps/post-time-bill.step.js';
import { publishTimePostedStep } from './steps/publish-time-posted.step.js';
import { resolveEmployeeStep } from './steps/resolve-employee.step.js';
import { resolveProjectStep } from './steps/resolve-project.step.js';
import { billAmountOf } from './time-entry-event.js';
import type { TimeToLedgerDeps } from './time-to-ledger-deps.js';

/** Stable flow id: runs refer to it. */
export const timeToLedgerFlowId = 'time-to-ledger';

/**
 * time-to-ledger: approved PSA time becomes NetSuite time bills, exactly once per time entry;
 * rejections after posting mark the same bill rejected. Runs of one time entry execute in event
 * order. Orchestration only: the steps do the I/O.
 */
export function createTimeToLedgerFlow(deps: TimeToLedgerDeps) {
  return defineFlow({
    id: timeToLedgerFlowId,
    on: ['time.approved', 'time.rejected'],
    key: (event) => event.subject,
    steps: [resolveProjectStep(deps), resolveEmployeeStep(deps), postTimeBillStep(deps), awaitTimeBillStep(deps), publishTimePostedStep(deps)],
    // Each exception goes to whoever can fix its cause. Delivery fixes the PSA's data: a missing or zero
    // rate, a day booked past 24 hours, time approved after the project closed, and a project, client or
    // resource the PSA does not know. Finance owns currency and ledger setup: a line in another currency
    // than its project, a currency the ledger lacks, a record the ledger refuses as invalid, and anything
    // not named here (the flow posts to the ledger). Integration owns technical failures: the runtime's
    // own categories (lost workers, retries run out, identity conflicts...), an unreadable reference,
    // credentials. A step may name another owner on its error (details `ownerDomain`), which wins.
    owners: {
      default: 'finance',
      byCategory: {
        project_closed: 'delivery',
        missing_rate: 'delivery',
        impossible_day: 'delivery',
        unknown_project: 'delivery',
        unknown_client: 'delivery',
        unknown_worker: 'delivery',
        currency_mismatch: 'finance',
        currency_unknown: 'finance',
        validation: 'finance',
        unresolvable_reference: 'integration',
        auth: 'integration',
      },
    },
    exceptionSlaMs: 2 * 24 * 60 * 60_000,
    impact: (event) => {
      const amount = billAmountOf(event);
      return amount ? { amount: amount.amount, currency: amount.currency } : undefined;
    },
  });
}
