// The operation interfaces flows may depend on: canonical types in, canonical types out.
export type { LedgerPort, LedgerTimeBill, TimeBillJob, TimeBillResults, TimeBillSubmission } from './ledger.js';
export type { PsaPort } from './psa.js';
export type { WriteFailure, WriteOutcome } from './write-outcome.js';
export type { ActualsRow, PlanningPort, PublishActualsResult, RejectedActualsRow } from './planning.js';
