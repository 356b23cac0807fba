import type { Selectable } from 'kysely';
import type { OwnerDomain, RunExceptionTable } from '../../persistence/tables/runtime.js';

/** An exception as the queue shows it: what, why, how much, whose, how old, SLA breached or not. */
export interface ExceptionView {
  id: string;
  /** The failed run; null for an exception that belongs to no run (reconciliation, sync loop, hold). */
  runId: string | null;
  flowId: string | null;
  /** What opened it: 'run', or the source of a run-less exception (e.g. 'reconciliation'). */
  source: string;
  /** The business key a run-less exception is about (e.g. `time_entry:...`); null for run failures. */
  subject: string | null;
  stepId: string | null;
  category: string;
  message: string;
  vendorCode: string | null;
  impact: { amount: string; currency: string } | null;
  ownerDomain: OwnerDomain;
  status: 'open' | 'retrying' | 'resolved';
  openedAt: string;
  slaDueAt: string;
  ageMs: number;
  slaBreached: boolean;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

/** Maps a stored row to its view; age and SLA are measured at `now` (the injected clock's). */
export function toExceptionView(row: Selectable<RunExceptionTable>, now: Date): ExceptionView {
  const openedAt = new Date(row.opened_at);
  const slaDueAt = new Date(row.sla_due_at);
  const end = row.resolved_at ? new Date(row.resolved_at) : now;
  return {
    id: row.id,
    runId: row.run_id,
    flowId: row.flow_id,
    source: row.source,
    subject: row.subject,
    stepId: row.step_id,
    category: row.category,
    message: row.message,
    vendorCode: row.vendor_code,
    impact: row.impact_amount !== null && row.impact_currency !== null ? { amount: row.impact_amount, currency: row.impact_currency } : null,
    ownerDomain: row.owner_domain,
    status: row.status,
    openedAt: openedAt.toISOString(),
    slaDueAt: slaDueAt.toISOString(),
    ageMs: end.getTime() - openedAt.getTime(),
    slaBreached: end.getTime() > slaDueAt.getTime(),
    resolutionNote: row.resolution_note,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
  };
}
