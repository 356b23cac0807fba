import type { z } from 'zod';
import type { CanonicalEvent } from './envelope.js';

/**
 * One canonical event type: its name, the schema of its data, its schema version and the key
 * intake dedupes on. Each event type lives in its own file under `events/` and exports one of these.
 */
export interface EventDefinition<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly schemaVersion: string;
  readonly data: z.ZodType<TData>;
  /** The intake dedupe key; by default source|type|sourceId|sourceVersion. */
  dedupeKey(event: CanonicalEvent<TType, TData>): string;
}

/** Default dedupe key: the same source record at the same version, seen again, is a duplicate. */
export function defaultDedupeKey(event: Pick<CanonicalEvent, 'source' | 'type' | 'sourceId' | 'sourceVersion'>): string {
  return [event.source, event.type, event.sourceId, event.sourceVersion].join('|');
}

/** Declares an event type; `dedupeKey` defaults to {@link defaultDedupeKey}. */
export function defineEvent<TType extends string, TSchema extends z.ZodType>(definition: {
  type: TType;
  schemaVersion: string;
  data: TSchema;
  dedupeKey?: (event: CanonicalEvent<TType, z.infer<TSchema>>) => string;
}): EventDefinition<TType, z.infer<TSchema>> {
  return {
    type: definition.type,
    schemaVersion: definition.schemaVersion,
    data: definition.data as z.ZodType<z.infer<TSchema>>,
    dedupeKey: definition.dedupeKey ?? defaultDedupeKey,
  };
}
