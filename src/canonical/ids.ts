import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { z } from 'zod';

/** Entity type part of a canonical id: lowercase letters and digits, may contain `_` (`client`, `time_entry`). */
const ID_TYPE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** Crockford base32 ULID; the first character is 0-7 (48-bit timestamp). */
const ULID = '[0-7][0-9A-HJKMNP-TV-Z]{25}';
const CANONICAL_ID = new RegExp(`^tl_([a-z][a-z0-9]*(?:_[a-z0-9]+)*)_(${ULID})$`);

/** A canonical id, `tl_<type>_<ulid>`. */
export type CanonicalId = string;

/** Anything that yields canonical ids; inject a deterministic one in tests and simulations. */
export interface IdFactory {
  /** A new `tl_<type>_<ulid>`, strictly increasing within this factory. */
  next(type: string): CanonicalId;
}

/**
 * Creates an id factory. `now` gives epoch milliseconds (pass the clock's), `random` a number in
 * [0, 1) (pass a seeded generator for reproducible runs). ULIDs are monotonic: ids made in the same
 * millisecond still sort in creation order.
 */
export function createIdFactory(options: { now?: () => number; random?: () => number } = {}): IdFactory {
  const now = options.now ?? (() => Date.now());
  const make = monotonicFactory(options.random);
  return {
    next(type) {
      assertIdType(type);
      return `tl_${type}_${make(now())}`;
    },
  };
}

const defaultFactory = createIdFactory();

/** A new canonical id from the process-wide factory (wall clock, crypto randomness). */
export function canonicalId(type: string): CanonicalId {
  return defaultFactory.next(type);
}

/** Splits a canonical id into its type and ulid; null when it is not one. */
export function parseCanonicalId(id: string): { type: string; ulid: string } | null {
  const match = CANONICAL_ID.exec(id);
  return match ? { type: match[1]!, ulid: match[2]! } : null;
}

/** True when `id` is a canonical id (of `type`, when given). */
export function isCanonicalId(id: unknown, type?: string): id is CanonicalId {
  if (typeof id !== 'string') return false;
  const parsed = parseCanonicalId(id);
  return parsed !== null && (type === undefined || parsed.type === type);
}

/** zod schema for a canonical id, optionally of one entity type. */
export function canonicalIdSchema(type?: string) {
  if (type !== undefined) assertIdType(type);
  const expected = type === undefined ? 'tl_<type>_<ulid>' : `tl_${type}_<ulid>`;
  // A regex (not a refine) so the generated JSON Schema carries the pattern too.
  const pattern = type === undefined ? CANONICAL_ID : new RegExp(`^tl_${type}_${ULID}$`);
  return z.string().regex(pattern, `must be a canonical id ${expected}`);
}

function assertIdType(type: string): void {
  if (!ID_TYPE.test(type)) throw new RangeError(`invalid canonical id type: ${JSON.stringify(type)}`);
}

/** External ids and idempotency keys fit NetSuite externalId and Salesforce External ID fields. */
export const EXTERNAL_ID_MAX_LENGTH = 80;
const SAFE_EXTERNAL_ID = /^[A-Za-z0-9_-]+$/;

/** The deterministic key of one outbound write: the same (flow, entity, step, version) always gives the same key. */
export interface IdempotencyKeyParts {
  /** Flow id, e.g. `time-to-ledger`. */
  flow: string;
  /** The entity key the write is about (canonical id or source key such as `tc123:2026-01-05`). */
  entity: string;
  /** Step id, e.g. `post-time-bill`. */
  step: string;
  /** Bumped when the same entity is deliberately written again (a reversal, a corrected version). */
  version?: string | number;
}

/**
 * Idempotency key for an outbound write: `tl-<flow>-<step>-<hash>`, at most 80 characters of
 * letters, digits, `_` and `-` (valid as a NetSuite externalId, a Salesforce external id and an
 * HTTP Idempotency-Key). Flow and step are kept readable (slugged, cut to 16 characters); the hash
 * (SHA-256 of all parts, 128 bits in hex) carries the identity, so cutting never causes collisions.
 */
export function idempotencyKey(parts: IdempotencyKeyParts): string {
  const hash = digest([parts.flow, parts.entity, parts.step, parts.version === undefined ? '' : String(parts.version)]);
  return `tl-${slug(parts.flow)}-${slug(parts.step)}-${hash}`;
}

/**
 * External id for the record the hub creates for an entity in a target system. A canonical id is
 * used as it is (readable in the ERP, and the same on every system), with `-<recordType>` and
 * `-v<version>` appended when one entity yields several records; any other key (source keys with
 * `:` or long ids) becomes `tl-<recordType|x>-<hash>`. Always <= 80 chars of `[A-Za-z0-9_-]`.
 */
export function externalIdFor(parts: { entity: string; recordType?: string; version?: string | number }): string {
  const readable = [
    parts.entity,
    parts.recordType === undefined ? undefined : slug(parts.recordType),
    parts.version === undefined ? undefined : `v${parts.version}`,
  ].filter((p): p is string => p !== undefined).join('-');
  if (isCanonicalId(parts.entity) && SAFE_EXTERNAL_ID.test(readable) && readable.length <= EXTERNAL_ID_MAX_LENGTH) {
    return readable;
  }
  const hash = digest([parts.entity, parts.recordType ?? '', parts.version === undefined ? '' : String(parts.version)]);
  return `tl-${slug(parts.recordType ?? 'x')}-${hash}`;
}

/** True when `value` can be used as an external id / idempotency key everywhere the hub writes. */
export function isSafeExternalId(value: string): boolean {
  return SAFE_EXTERNAL_ID.test(value) && value.length <= EXTERNAL_ID_MAX_LENGTH;
}

function slug(value: string): string {
  const cleaned = value.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 16).replace(/_+$/, '');
  return cleaned === '' ? 'x' : cleaned;
}

function digest(parts: readonly string[]): string {
  // JSON array encoding keeps part boundaries unambiguous ("a|b","c" never equals "a","b|c").
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
