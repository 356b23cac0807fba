import { z } from 'zod';
import { eventEnvelopeSchema } from './envelope.js';
import { type EventType, eventDefinitions } from './events/index.js';

const cache = new Map<EventType, z.ZodType>();

/** The full zod schema of one event type: the envelope with `type` fixed and `data` typed (camelCase form). */
export function eventSchemaFor(type: EventType): z.ZodType {
  let schema = cache.get(type);
  if (!schema) {
    const definition = eventDefinitions[type];
    schema = eventEnvelopeSchema.extend({
      type: z.literal(type),
      schemaVersion: z.string().regex(/^\d+(?:\.\d+)?$/),
      data: definition.data,
    });
    cache.set(type, schema);
  }
  return schema;
}

/** Major part of a schema version (`1.2` -> `1`). */
export function majorOf(version: string): string {
  return version.split('.')[0] ?? version;
}
