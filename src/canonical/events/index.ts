import type { EventDefinition } from '../define-event.js';
import type { CanonicalEvent } from '../envelope.js';
import { assignmentChanged } from './assignment-changed.js';
import { billingHeld } from './billing-held.js';
import { billingReleased } from './billing-released.js';
import { clientUpserted } from './client-upserted.js';
import { contractAmended } from './contract-amended.js';
import { dealWon } from './deal-won.js';
import { engagementProvisioned } from './engagement-provisioned.js';
import { engagementRequested } from './engagement-requested.js';
import { expenseApproved } from './expense-approved.js';
import { forecastActualsPublished } from './forecast-actuals-published.js';
import { invoiceIssued } from './invoice-issued.js';
import { invoiceStatusChanged } from './invoice-status-changed.js';
import { milestoneCompleted } from './milestone-completed.js';
import { paymentApplied } from './payment-applied.js';
import { periodCloseStarted } from './period-close-started.js';
import { reconciliationCompleted } from './reconciliation-completed.js';
import { timeAdjusted } from './time-adjusted.js';
import { timeApproved } from './time-approved.js';
import { timePosted } from './time-posted.js';
import { timeRejected } from './time-rejected.js';
import { workerChanged } from './worker-changed.js';
import { workerHired } from './worker-hired.js';
import { workerTerminated } from './worker-terminated.js';

/** The core business event types of canonical model v1 (architecture.md §3). */
export const eventTypes = [
  'deal.won', 'contract.amended', 'client.upserted', 'engagement.requested', 'engagement.provisioned',
  'worker.hired', 'worker.changed', 'worker.terminated', 'assignment.changed',
  'time.approved', 'time.rejected', 'time.adjusted', 'time.posted', 'expense.approved', 'milestone.completed',
  'billing.released', 'billing.held', 'invoice.issued', 'invoice.status_changed', 'payment.applied',
  'forecast.actuals_published', 'period.close_started', 'reconciliation.completed',
] as const;

/** A canonical event type name. */
export type EventType = (typeof eventTypes)[number];

/**
 * Every event definition by type. `satisfies` makes a missing, extra or mismatched entry a build
 * error: the key must equal the definition's `type`.
 */
export const eventDefinitions = {
  'deal.won': dealWon,
  'contract.amended': contractAmended,
  'client.upserted': clientUpserted,
  'engagement.requested': engagementRequested,
  'engagement.provisioned': engagementProvisioned,
  'worker.hired': workerHired,
  'worker.changed': workerChanged,
  'worker.terminated': workerTerminated,
  'assignment.changed': assignmentChanged,
  'time.approved': timeApproved,
  'time.rejected': timeRejected,
  'time.adjusted': timeAdjusted,
  'time.posted': timePosted,
  'expense.approved': expenseApproved,
  'milestone.completed': milestoneCompleted,
  'billing.released': billingReleased,
  'billing.held': billingHeld,
  'invoice.issued': invoiceIssued,
  'invoice.status_changed': invoiceStatusChanged,
  'payment.applied': paymentApplied,
  'forecast.actuals_published': forecastActualsPublished,
  'period.close_started': periodCloseStarted,
  'reconciliation.completed': reconciliationCompleted,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- data types differ per entry; the key/type link is what is checked
} satisfies { [K in EventType]: EventDefinition<K, any> };

/** The data type of an event type. */
export type EventData<K extends EventType> = (typeof eventDefinitions)[K] extends EventDefinition<K, infer D> ? D : never;

/** A canonical event of one type with its typed data; a union over all types when K is left open. */
export type AnyCanonicalEvent<K extends EventType = EventType> = {
  [T in K]: CanonicalEvent<T, EventData<T>>;
}[K];

/** True when `type` is a known canonical event type. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventDefinitions, type);
}

/** The definition of a known event type. */
export function definitionOf<K extends EventType>(type: K): (typeof eventDefinitions)[K] {
  return eventDefinitions[type];
}

export {
  assignmentChanged, billingHeld, billingReleased, clientUpserted, contractAmended, dealWon, engagementProvisioned,
  engagementRequested, expenseApproved, forecastActualsPublished, invoiceIssued, invoiceStatusChanged,
  milestoneCompleted, paymentApplied, periodCloseStarted, reconciliationCompleted, timeAdjusted, timeApproved,
  timePosted, timeRejected, workerChanged, workerHired, workerTerminated,
};
export { type ApprovedTime, approvedTimeSchema } from './time-approved.js';
export { findingKindSchema } from './reconciliation-completed.js';
