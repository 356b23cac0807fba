import { z } from 'zod';
import { defineEvent } from '../../../src/canonical/define-event.js';
import type { CanonicalEvent } from '../../../src/canonical/envelope.js';

/** A test-only event type: a line of work with an amount, keyed by `key`. */
export const testLineEvent = defineEvent({
  type: 'test_line.approved',
  schemaVersion: '1.0',
  data: z.object({
    key: z.string().min(1),
    n: z.number().int(),
    amount: z.string().regex(/^-?\d+(\.\d+)?$/),
    currency: z.string().regex(/^[A-Z]{3}$/),
  }),
});

export type TestLineEvent = CanonicalEvent<'test_line.approved', z.infer<typeof testLineEvent.data>>;

/** Builds a valid test event; `i` makes id and sourceId unique, `key` groups events for ordering. */
export function testEvent(i: number, key = `k${i}`, overrides: Partial<TestLineEvent> = {}): TestLineEvent {
  return {
    id: `evt_${i}`,
    type: 'test_line.approved',
    subject: `line:${key}`,
    source: 'test',
    sourceId: `line_${i}`,
    sourceVersion: '1',
    time: '2026-01-05T09:00:00.000Z',
    correlationId: `corr_${key}`,
    causationId: null,
    schemaVersion: '1.0',
    data: { key, n: i, amount: '100.00', currency: 'USD' },
    ...overrides,
  };
}

/** A test-only outcome event: what a step emits after handling a test line. */
export const testLinePosted = defineEvent({
  type: 'test_line.posted',
  schemaVersion: '1.0',
  data: z.object({ key: z.string().min(1), ref: z.string().min(1) }),
});

export type TestLinePostedEvent = CanonicalEvent<'test_line.posted', z.infer<typeof testLinePosted.data>>;
