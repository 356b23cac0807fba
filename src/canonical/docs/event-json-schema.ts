import { z } from 'zod';
import { cloudEventSchemaFor } from '../cloud-event.js';
import { type EventType, eventDefinitions } from '../events/index.js';

type JsonObject = { [key: string]: unknown };

/** Base URL of the published schemas (the `$id` of each file). */
export const SCHEMA_BASE_URL = 'https://throughline.dev/schemas';

/**
 * JSON Schema (draft 2020-12) of one event type in its wire form: the CloudEvents 1.0 envelope with
 * the hub's extensions and the typed `data`. Shared shapes (Money, SystemRef) are `$defs`.
 */
export function eventJsonSchema(type: EventType): JsonObject {
  const schema = z.toJSONSchema(cloudEventSchemaFor(type), { target: 'draft-2020-12' }) as JsonObject;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: `${SCHEMA_BASE_URL}/events/${type}.schema.json`,
    title: type,
    description: `Canonical event ${type}, schema version ${eventDefinitions[type].schemaVersion}, as a CloudEvents 1.0 JSON event.`,
    ...rest,
  };
}

/** The same schema as draft-07 with `#/definitions/X` refs rewritten by `refBase` (for embedding, e.g. AsyncAPI). */
export function eventJsonSchemaDraft7(type: EventType, refBase: string): { schema: JsonObject; definitions: JsonObject } {
  const raw = z.toJSONSchema(cloudEventSchemaFor(type), { target: 'draft-7' }) as JsonObject;
  const { $schema: _schema, definitions = {}, ...schema } = raw;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [
          key,
          key === '$ref' && typeof inner === 'string' ? inner.replace('#/definitions/', refBase) : rewrite(inner),
        ]),
      );
    }
    return value;
  };
  return { schema: rewrite(schema) as JsonObject, definitions: rewrite(definitions) as JsonObject };
}
