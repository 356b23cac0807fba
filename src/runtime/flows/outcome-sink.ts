import type { Transaction } from 'kysely';
import type { CanonicalEvent } from '../../canonical/envelope.js';
import type { Database } from '../../persistence/schema.js';

/**
 * Where the outcome events steps emit go: the event log (and the outbox where a sink subscribes),
 * appended in the checkpoint's transaction. The intake implements it.
 */
export interface OutcomeSink {
  /** Why `event` could not be appended (schema, size), or undefined when it can: checked when a step emits. */
  problemOf(event: CanonicalEvent): string | undefined;
  /** Appends events in the caller's transaction; events already logged (same dedupe key) are ignored. */
  append(trx: Transaction<Database>, events: readonly CanonicalEvent[]): Promise<void>;
}
