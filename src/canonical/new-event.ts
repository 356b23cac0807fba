import type { EventDefinition } from './define-event.js';
import { type CanonicalEvent, eventEnvelopeSchema } from './envelope.js';
import type { IdFactory } from './ids.js';

/** What the caller says about a new event; the builder adds id, time, type and schema version. */
export interface NewEventFields<TData> {
  subject: string;
  /** Connection id; `throughline` (the default) for the hub's own outcomes. */
  source?: string;
  sourceId: string;
  sourceVersion: string;
  /** The business transaction; defaults to the new event's own id (a new transaction starts). */
  correlationId?: string;
  causationId?: string | null;
  data: TData;
  /** Defaults to the clock's now. */
  time?: string;
}

/**
 * Builds a validated canonical event of `definition`'s type: id `tl_evt_<ulid>` from the injected
 * factory, time from the injected clock. Throws a ZodError when the data or envelope is invalid.
 */
export function newEvent<TType extends string, TData>(
  definition: EventDefinition<TType, TData>,
  fields: NewEventFields<TData>,
  deps: { idFactory: IdFactory; clock: { now(): Date } },
): CanonicalEvent<TType, TData> {
  const id = deps.idFactory.next('evt');
  const data = definition.data.parse(fields.data);
  const envelope = eventEnvelopeSchema.parse({
    id,
    type: definition.type,
    subject: fields.subject,
    source: fields.source ?? 'throughline',
    sourceId: fields.sourceId,
    sourceVersion: fields.sourceVersion,
    time: fields.time ?? deps.clock.now().toISOString(),
    correlationId: fields.correlationId ?? id,
    causationId: fields.causationId ?? null,
    schemaVersion: definition.schemaVersion,
    data,
  });
  return { ...envelope, type: definition.type, data };
}
