import { z } from 'zod';
import type { EventDefinition } from '../canonical/define-event.js';
import { eventEnvelopeSchema, type CanonicalEvent } from '../canonical/envelope.js';
import { jsonSizeUpperBound } from './json-size-bound.js';

/** Largest serialized event intake accepts by default (256 KiB): bigger payloads are rejected, not stored. */
export const DEFAULT_MAX_EVENT_BYTES = 256 * 1024;

/** A valid event with its dedupe key and serialized data, ready to append. */
export interface ValidatedEvent {
  event: CanonicalEvent;
  dedupeKey: string;
  dataJson: string;
}

/** The outcome of validating one incoming value. */
export type EventValidation = { ok: true; value: ValidatedEvent } | { ok: false; reason: string };

/**
 * Validates one incoming value: size, envelope, a known type with a compatible schema version, and the
 * type's data schema. Returns the zod reason on failure; never throws on bad input (a data schema or
 * dedupe key that throws rejects the event with the error's message).
 */
export function validateEvent(
  raw: unknown,
  definitions: ReadonlyMap<string, EventDefinition>,
  maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES,
): EventValidation {
  // Plain data well under the limit needs no serialization to know it fits; anything else is
  // serialized and measured exactly (also the only way to learn why a value is not serializable).
  if (jsonSizeUpperBound(raw, maxEventBytes) === undefined) {
    let serialized: string | undefined;
    try {
      serialized = JSON.stringify(raw);
    } catch (error) {
      return { ok: false, reason: `not serializable: ${messageOf(error)}` };
    }
    if (serialized === undefined) return { ok: false, reason: 'not a JSON value' };
    if (utf8LengthExceeds(serialized, maxEventBytes)) return { ok: false, reason: `event is larger than ${maxEventBytes} bytes` };
  }
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, reason: `envelope: ${z.prettifyError(envelope.error)}` };
  const definition = definitions.get(envelope.data.type);
  if (!definition) return { ok: false, reason: `unknown event type ${envelope.data.type}` };
  if (!sameMajor(envelope.data.schemaVersion, definition.schemaVersion)) {
    return {
      ok: false,
      reason: `schemaVersion ${envelope.data.schemaVersion} is not compatible with ${definition.type} ${definition.schemaVersion}`,
    };
  }
  let data: ReturnType<EventDefinition['data']['safeParse']>;
  try {
    data = definition.data.safeParse(envelope.data.data);
  } catch (error) {
    return { ok: false, reason: `data: ${messageOf(error)}` };
  }
  if (!data.success) return { ok: false, reason: `data: ${z.prettifyError(data.error)}` };
  // zod's output is a fresh object (never the caller's): complete it in place instead of copying it.
  const event: CanonicalEvent = envelope.data;
  event.data = data.data;
  let dataJson: string;
  try {
    dataJson = JSON.stringify(data.data ?? null);
  } catch (error) {
    return { ok: false, reason: `data not serializable: ${messageOf(error)}` };
  }
  // PostgreSQL jsonb cannot hold NUL characters; rejecting here keeps one bad event from failing the batch.
  if (dataJson.includes('\\u0000')) return { ok: false, reason: 'data contains a NUL character' };
  let dedupeKey: string;
  try {
    dedupeKey = definition.dedupeKey(event);
  } catch (error) {
    return { ok: false, reason: `dedupe key: ${messageOf(error)}` };
  }
  return { ok: true, value: { event, dedupeKey, dataJson } };
}

/**
 * Whether `text` takes more than `max` bytes in UTF-8. Each UTF-16 unit is 1 to 3 bytes (a surrogate
 * pair, 2 units, is 4), so the length alone decides unless it lies between max/3 and max: the exact
 * count (a full scan) is only needed for events near the limit.
 */
function utf8LengthExceeds(text: string, max: number): boolean {
  if (text.length > max) return true;
  if (text.length * 3 <= max) return false;
  return Buffer.byteLength(text, 'utf8') > max;
}

/** Same major schema version (`1` ~ `1.0` ~ `1.3`), without splitting strings. */
function sameMajor(a: string, b: string): boolean {
  const aEnd = a.indexOf('.') === -1 ? a.length : a.indexOf('.');
  const bEnd = b.indexOf('.') === -1 ? b.length : b.indexOf('.');
  return aEnd === bEnd && a.startsWith(b.slice(0, bEnd));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
