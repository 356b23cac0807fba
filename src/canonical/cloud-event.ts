import { z } from 'zod';
import type { CanonicalEvent } from './envelope.js';
import { eventDefinitions, type EventType } from './events/index.js';
import { type ParseEventResult, fromZod, parseCanonicalEvent } from './parse-event.js';

/** The media type of `data` in every canonical CloudEvent. */
export const DATA_CONTENT_TYPE = 'application/json';

/** CloudEvents 1.0 structured-mode JSON attributes; hub extensions are lowercase per the spec. */
const wireAttributes = {
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal(DATA_CONTENT_TYPE).optional(),
  correlationid: z.string().min(1),
  /** Absent when the event has no cause (CloudEvents attributes cannot be null). */
  causationid: z.string().min(1).optional(),
  sourceid: z.string().min(1),
  sourceversion: z.string().min(1),
  schemaversion: z.string().regex(/^\d+(?:\.\d+)?$/),
};

/** A canonical event in CloudEvents 1.0 structured JSON form (what subscribers receive). */
export const cloudEventSchema = z.object({ ...wireAttributes, data: z.unknown() });

/** Wire form of a canonical event. */
export type CloudEvent = z.infer<typeof cloudEventSchema>;

/** The wire schema of one event type, with typed `data` (used for JSON Schema and AsyncAPI output). */
export function cloudEventSchemaFor(type: EventType) {
  return z.object({ ...wireAttributes, type: z.literal(type), datacontenttype: z.literal(DATA_CONTENT_TYPE), data: eventDefinitions[type].data });
}

/** Converts a canonical event to its CloudEvents 1.0 wire form. */
export function toCloudEvent(event: CanonicalEvent): CloudEvent {
  return {
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event.type,
    subject: event.subject,
    time: event.time,
    datacontenttype: DATA_CONTENT_TYPE,
    correlationid: event.correlationId,
    ...(event.causationId === null ? {} : { causationid: event.causationId }),
    sourceid: event.sourceId,
    sourceversion: event.sourceVersion,
    schemaversion: event.schemaVersion,
    data: event.data,
  };
}

/** Reads a CloudEvents 1.0 JSON event (object or JSON text) and validates it as a canonical event. */
export function fromCloudEvent(json: unknown): ParseEventResult {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      const message = `not JSON: ${(error as Error).message}`;
      return { ok: false, issues: [{ path: '(root)', message }], reason: `(root): ${message}` };
    }
  }
  const wire = cloudEventSchema.safeParse(value);
  if (!wire.success) {
    const issues = fromZod(wire.error.issues);
    return { ok: false, issues, reason: issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
  }
  const w = wire.data;
  return parseCanonicalEvent({
    id: w.id,
    type: w.type,
    subject: w.subject,
    source: w.source,
    sourceId: w.sourceid,
    sourceVersion: w.sourceversion,
    time: w.time,
    correlationId: w.correlationid,
    causationId: w.causationid ?? null,
    schemaVersion: w.schemaversion,
    data: w.data,
  });
}
