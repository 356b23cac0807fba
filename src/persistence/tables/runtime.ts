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
}

/** A completed step's output, per run and input version; resume skips steps that have one. */
export interface StepCheckpointTable {
  run_id: string;
  step_id: string;
  input_version: number;
  output: ColumnType<unknown, string, string>;
  completed_at: ColumnType<Date, Date | string, Date | string>;
  /** Set when the step was undone by its compensation. */
  compensated_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
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

/** Who works an exception. */
export type OwnerDomain = 'finance' | 'delivery' | 'sales' | 'integration';

/** A run that cannot proceed without a person: the exception queue. */
export interface RunExceptionTable {
  id: string;
  run_id: string;
  flow_id: string;
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
  tl_step_checkpoint: StepCheckpointTable;
  tl_run_input: RunInputTable;
  tl_run_exception: RunExceptionTable;
}
