import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalId, canonicalIdSchema, createIdFactory, externalIdFor, idempotencyKey, isCanonicalId, isSafeExternalId,
  parseCanonicalId,
} from '../../src/canonical/ids.js';

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('canonical ids', () => {
  it('look like tl_<type>_<ulid> and parse back', () => {
    const id = canonicalId('time_entry');
    expect(id).toMatch(/^tl_time_entry_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(parseCanonicalId(id)).toEqual({ type: 'time_entry', ulid: id.slice('tl_time_entry_'.length) });
    expect(isCanonicalId(id, 'time_entry')).toBe(true);
    expect(isCanonicalId(id, 'time')).toBe(false);
    expect(canonicalIdSchema('client').safeParse(id).success).toBe(false);
    expect(canonicalIdSchema().safeParse(id).success).toBe(true);
  });

  it('reject malformed ids and types', () => {
    expect(parseCanonicalId('tl_client_123')).toBeNull();
    expect(parseCanonicalId('tl_Client_01J00000000000000000000000')).toBeNull();
    expect(parseCanonicalId('xx_client_01J00000000000000000000000')).toBeNull();
    expect(isCanonicalId(42)).toBe(false);
    expect(() => canonicalId('Client')).toThrow();
    expect(() => canonicalId('a-b')).toThrow();
  });

  it('an injected factory is deterministic and monotonic within one millisecond', () => {
    const make = () => createIdFactory({ now: () => 1_767_225_600_000, random: seeded(7) });
    const a = make();
    const b = make();
    const first = Array.from({ length: 50 }, () => a.next('evt'));
    expect(Array.from({ length: 50 }, () => b.next('evt'))).toEqual(first);
    expect([...first].sort()).toEqual(first);
    expect(new Set(first).size).toBe(50);
  });
});

describe('idempotency keys and external ids', () => {
  const parts = { flow: 'time-to-ledger', entity: 'tc_a1B2:2026-01-05', step: 'post-time-bill' };

  it('are deterministic and change with every part', () => {
    const key = idempotencyKey(parts);
    expect(idempotencyKey({ ...parts })).toBe(key);
    expect(key).toMatch(/^tl-time_to_ledger-post_time_bill-[0-9a-f]{32}$/);
    expect(idempotencyKey({ ...parts, version: 2 })).not.toBe(key);
    expect(idempotencyKey({ ...parts, entity: 'tc_a1B2:2026-01-06' })).not.toBe(key);
    expect(idempotencyKey({ ...parts, step: 'post-time-bill2' })).not.toBe(key);
    // part boundaries are unambiguous
    expect(idempotencyKey({ flow: 'a', entity: 'b-c', step: 'd' })).not.toBe(idempotencyKey({ flow: 'a', entity: 'b', step: 'c-d' }));
  });

  it('property: keys are short and use only letters, digits, _ and -', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }),
        fc.option(fc.oneof(fc.string(), fc.integer())), (flow, entity, step, version) => {
          const key = idempotencyKey({ flow, entity, step, ...(version === null ? {} : { version }) });
          expect(isSafeExternalId(key)).toBe(true);
          expect(key.length).toBeLessThanOrEqual(80);
          const ext = externalIdFor({ entity, recordType: step });
          expect(isSafeExternalId(ext)).toBe(true);
        }),
      { numRuns: 300 },
    );
  });

  it('externalIdFor keeps canonical ids readable and hashes source keys', () => {
    const id = 'tl_engagement_01JH0000000000000000000000';
    expect(externalIdFor({ entity: id })).toBe(id);
    expect(externalIdFor({ entity: id, recordType: 'job', version: 2 })).toBe(`${id}-job-v2`);
    expect(externalIdFor({ entity: 'tc1:2026-01-05', recordType: 'timeBill' })).toMatch(/^tl-timebill-[0-9a-f]{32}$/);
    expect(externalIdFor({ entity: 'tc1:2026-01-05', recordType: 'timeBill' })).toBe(externalIdFor({ entity: 'tc1:2026-01-05', recordType: 'timeBill' }));
  });
});
