import type { z } from 'zod';
import { eventEnvelopeSchema } from './envelope.js';
import { eventSchemaFor, majorOf } from './event-schema.js';
import { type AnyCanonicalEvent, eventDefinitions, eventTypes, isEventType } from './events/index.js';

/** One reason a record was rejected: a readable path (`data.lines[2].amount`) and the message. */
export interface EventIssue {
  path: string;
  message: string;
}

/** The outcome of validating an event: the typed event, or every issue with its path and reason. */
export type ParseEventResult =
  | { ok: true; event: AnyCanonicalEvent }
  | { ok: false; issues: EventIssue[]; reason: string };

/**
 * Validates a canonical event (camelCase form): the envelope, a known type, a supported schema
 * version (same major as the definition) and the data against that type's schema. Never throws.
 */
export function parseCanonicalEvent(input: unknown): ParseEventResult {
  // Fast path (intake volume): a known type at a supported version is checked in one pass.
  const head = input as { type?: unknown; schemaVersion?: unknown } | null;
  if (typeof head === 'object' && head !== null && typeof head.type === 'string' && isEventType(head.type)
    && typeof head.schemaVersion === 'string' && majorOf(head.schemaVersion) === majorOf(eventDefinitions[head.type].schemaVersion)) {
    const full = eventSchemaFor(head.type).safeParse(input);
    return full.success ? { ok: true, event: full.data as AnyCanonicalEvent } : failure(fromZod(full.error.issues));
  }
  const envelope = eventEnvelopeSchema.safeParse(input);
  if (!envelope.success) return failure(fromZod(envelope.error.issues));
  const { type, schemaVersion } = envelope.data;
  if (!isEventType(type)) {
    return failure([{ path: 'type', message: `unknown event type "${type}" (known: ${eventTypes.join(', ')})` }]);
  }
  const supported = eventDefinitions[type].schemaVersion;
  return failure([{ path: 'schemaVersion', message: `unsupported schema version ${schemaVersion} for ${type} (supported: ${supported})` }]);
}

/** Formats a zod path as `data.lines[2].amount`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** zod issues as {@link EventIssue}s. */
export function fromZod(issues: readonly z.core.$ZodIssue[]): EventIssue[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

function failure(issues: EventIssue[]): ParseEventResult {
  return { ok: false, issues, reason: issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
}
