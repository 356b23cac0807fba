import { z } from 'zod';
import type { EventDefinition } from '../canonical/define-event.js';
import { eventEnvelopeSchema, type CanonicalEvent } from '../canonical/envelope.js';

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
 * type's data schema. Returns the zod reason on failure; never throws on bad input.
 */
export function validateEvent(
  raw: unknown,
  definitions: ReadonlyMap<string, EventDefinition>,
  maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES,
): EventValidation {
  let serialized: string | undefined;
  try {
    serialized = JSON.stringify(raw);
  } catch (error) {
    return { ok: false, reason: `not serializable: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (serialized === undefined) return { ok: false, reason: 'not a JSON value' };
  if (Buffer.byteLength(serialized, 'utf8') > maxEventBytes) {
    return { ok: false, reason: `event is larger than ${maxEventBytes} bytes` };
  }
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, reason: `envelope: ${z.prettifyError(envelope.error)}` };
  const definition = definitions.get(envelope.data.type);
  if (!definition) return { ok: false, reason: `unknown event type ${envelope.data.type}` };
  if (majorOf(envelope.data.schemaVersion) !== majorOf(definition.schemaVersion)) {
    return {
      ok: false,
      reason: `schemaVersion ${envelope.data.schemaVersion} is not compatible with ${definition.type} ${definition.schemaVersion}`,
    };
  }
  const data = definition.data.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: `data: ${z.prettifyError(data.error)}` };
  const event: CanonicalEvent = { ...envelope.data, data: data.data };
  const dataJson = JSON.stringify(data.data ?? null);
  // PostgreSQL jsonb cannot hold NUL characters; rejecting here keeps one bad event from failing the batch.
  if (dataJson.includes('\\u0000')) return { ok: false, reason: 'data contains a NUL character' };
  return { ok: true, value: { event, dedupeKey: definition.dedupeKey(event), dataJson } };
}

function majorOf(version: string): string {
  return version.split('.')[0] ?? version;
}
