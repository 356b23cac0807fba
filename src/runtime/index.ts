// Public surface of the durable runtime core for flows, connectors, the API and composition roots.
// (The governor, outbox, schedules and audit log export from their own folders.)
export { systemClock, createManualClock, type Clock, type ManualClock } from './clock.js';
export { NonRetryableError, RetryAfterError, RetryableError, WaitError, retryDispositionOf, type VendorErrorDetails } from './errors.js';
export { defineFlow, type FlowDefinition } from './flows/define-flow.js';
export {
  defineStep,
  defineBatchStep,
  type SingleStep,
  type BatchStep,
  type BatchItem,
  type BatchItemOutcome,
  type FlowStep,
  type MoneyImpact,
} from './flows/define-step.js';
export { createFlowRegistry, type FlowRegistry } from './flows/flow-registry.js';
export { stepIdempotencyKey, type StepContext } from './flows/step-context.js';
export { defaultRetryPolicy, retryDelayMs, decideAfterFailure, type RetryPolicy } from './retry/retry-policy.js';
export { createWorker, type Worker, type WorkerOptions } from './worker/create-worker.js';
export { silentLogger, type RuntimeLogger } from './worker/runtime-logger.js';
export { claimRuns, type ClaimedRun } from './claims/claim-runs.js';
export { extendLeases, releaseRuns } from './claims/leases.js';
export { insertRuns, type NewRun } from './runs/insert-runs.js';
export { createExceptionQueue, ExceptionActionError, type ExceptionQueue } from './exceptions/exception-actions.js';
export { listExceptions, getException, type ExceptionFilter } from './exceptions/list-exceptions.js';
export { openStandaloneException, resolveStandaloneException, type StandaloneException } from './exceptions/standalone-exceptions.js';
export type { ExceptionView } from './exceptions/exception-view.js';
