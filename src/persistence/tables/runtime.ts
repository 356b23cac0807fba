import type { ColumnType, Generated } from 'kysely';

/** Lifecycle of a flow run; `completed`, `compensated` and `cancelled` are terminal. */
export type RunStatus = 'pending' | 'running' | 'retry_wait' | 'completed' | 'failed' | 'compensated' | 'cancelled';

/** One durable execution of one flow for one event. Unique per (flow, event). */
export interface FlowRunTable {
  id: string;
  flow_id: string;
  event_id: string;
  /** The event's log position: the order runs of one ordering key execute in. */
  seq: number;
  ordering_key: string;
  status: RunStatus;
  /** Whether this run, while `failed`, holds back later runs of its ordering key (copied from the flow). */
  failure_blocks_key: boolean;
  /** The step the run is at (next to execute, or the one that failed); null before the first. */
  current_step: string | null;
  /** Failed attempts of the current step so far. */
  attempt: number;
  next_attempt_at: ColumnType<Date, Date | string, Date | string>;
  /** Higher is claimed first (month-end posting before routine sync). */
  priority: number;
  lease_owner: string | null;
  lease_expires_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  /** Which input the run executes: 1 is the event itself; replays add versions in tl_run_input. */
  input_version: number;
  last_error: ColumnType<unknown, string | null, string | null>;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
  finished_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  /**
   * Checkpoints: outputs of the steps completed under the current input version, by step id. Resume
   * skips the steps that have one. Written with the run's own update (never a row per step).
   */
  step_outputs: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** Generated: pending, retry_wait or running (what the claim scans). Never written. */
  live: ColumnType<boolean, never, never>;
  /** Generated: live, or failed while the flow says a failure holds the key. Never written. */
  holds_key: ColumnType<boolean, never, never>;
}

/** Why a step output stopped being a checkpoint. */
export type ArchivedOutputReason = 'compensated' | 'superseded';

/**
 * Step outputs kept after they stopped being checkpoints: the step's compensation ran, or a replay
 * with corrected input superseded the input version they were computed from.
 */
export interface StepOutputArchiveTable {
  id: Generated<number>;
  run_id: string;
  input_version: number;
  step_id: string;
  output: ColumnType<unknown, string, never>;
  reason: ArchivedOutputReason;
  archived_at: ColumnType<Date, Date | string, never>;
}

/** Corrected inputs of replayed runs (version >= 2); version 1 is the original event, kept as is. */
export interface RunInputTable {
  run_id: string;
  version: number;
  input: ColumnType<unknown, string, never>;
  actor: string;
  approver: string | null;
  created_at: ColumnType<Date, Date | string, never>;
}

/** The domains that own exceptions (the check constraint tl_run_exception_owner_ck). */
export const ownerDomains = ['finance', 'delivery', 'sales', 'integration'] as const;
/** Who works an exception. */
export type OwnerDomain = (typeof ownerDomains)[number];

/** A run that cannot proceed without a person: the exception queue. */
export interface RunExceptionTable {
  id: string;
  /** The failed run; null for an exception that belongs to no run (then `source` is not 'run' and `subject` is set). */
  run_id: string | null;
  flow_id: string | null;
  /** What opened it: 'run' (a run's permanent failure), or e.g. 'reconciliation', 'sync_loop', 'hold'. */
  source: ColumnType<string, string | undefined, string>;
  /** The business key it is about, e.g. `time_entry:...` or `project:...` (required without a run). */
  subject: string | null;
  step_id: string | null;
  category: string;
  message: string;
  vendor_code: string | null;
  /** Business impact as a decimal string (money is never a float). */
  impact_amount: string | null;
  impact_currency: string | null;
  owner_domain: OwnerDomain;
  sla_due_at: ColumnType<Date, Date | string, Date | string>;
  opened_at: ColumnType<Date, Date | string, Date | string>;
  status: 'open' | 'retrying' | 'resolved';
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
  seq: Generated<number>;
}

export interface RuntimeTables {
  tl_flow_run: FlowRunTable;
  tl_step_output_archive: StepOutputArchiveTable;
  tl_run_input: RunInputTable;
  tl_run_exception: RunExceptionTable;
}
