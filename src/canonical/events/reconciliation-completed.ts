import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { entityRefSchema } from '../entities/refs.js';
import { moneySchema } from '../money/index.js';
import { instantSchema, periodSchema, textSchema } from '../primitives.js';

/** Kinds of reconciliation finding (architecture.md §6). */
export const findingKindSchema = z.enum(['orphan_in_erp', 'missing_in_erp', 'amount_mismatch', 'timing_gap', 'status_mismatch']);

/** reconciliation.completed: a three-way reconciliation run finished; a clean period says so. */
export const reconciliationCompleted = defineEvent({
  type: 'reconciliation.completed',
  schemaVersion: '1',
  data: z.object({
    runId: textSchema,
    period: periodSchema,
    legalEntityRef: entityRefSchema('legal_entity').optional(),
    startedAt: instantSchema,
    completedAt: instantSchema,
    clean: z.boolean(),
    findings: z.array(z.object({
      kind: findingKindSchema,
      count: z.number().int().nonnegative(),
      /** Money at stake per currency. */
      impact: z.array(moneySchema),
    })),
  }),
});
