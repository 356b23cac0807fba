import { createHash } from 'node:crypto';

/**
 * A UUID (RFC 4122 layout, version 5 bits) derived from the given parts: the same batch always
 * gets the same `X-NetSuite-Idempotency-Key`, so a resubmitted batch is the job NetSuite already has.
 */
export function deterministicUuid(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  const bytes = hash.digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
