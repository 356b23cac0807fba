import { z } from 'zod';
import { currencySchema } from '../money/index.js';
import { businessDateSchema, textSchema } from '../primitives.js';
import { billingModelSchema } from './billing-model.js';
import { entityRefSchema, identityShape, systemRefSchema } from './refs.js';

/** A WBS task of an engagement. */
export const engagementTaskSchema = z.object({
  /** Task code, stable within the project (`1.2`, `DESIGN`). */
  code: textSchema,
  name: textSchema,
  parentCode: textSchema.optional(),
  billable: z.boolean(),
  systemRefs: z.array(systemRefSchema),
});

/** Engagement / project: project code, WBS, practice, region, legal entity, project manager, status. */
export const engagementSchema = z.object({
  ...identityShape('engagement'),
  projectCode: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a project code of letters, digits, "_", "." and "-"'),
  name: textSchema,
  clientRef: entityRefSchema('client'),
  dealRef: entityRefSchema('deal').optional(),
  contractRef: entityRefSchema('contract').optional(),
  billingModel: billingModelSchema,
  currency: currencySchema,
  practice: textSchema,
  region: textSchema,
  legalEntityRef: entityRefSchema('legal_entity'),
  projectManagerRef: entityRefSchema('worker').optional(),
  startDate: businessDateSchema,
  endDate: businessDateSchema.optional(),
  status: z.enum(['requested', 'provisioning', 'active', 'on_hold', 'closed', 'cancelled']),
  /** Time may no longer be entered or posted. */
  closedForTime: z.boolean(),
  /**
   * The business date the project closed for time entry, when the PSA tells it (time worked up to and
   * including this date still posts; a line worked after it is held). Absent while open or unknown.
   */
  closedForTimeOn: businessDateSchema.optional(),
  /** Expenses may no longer be entered or posted. */
  closedForExpense: z.boolean(),
  tasks: z.array(engagementTaskSchema),
  /** Project template chosen by policy (practice x billing model x region). */
  templateId: textSchema.optional(),
});

/** An engagement. */
export type Engagement = z.infer<typeof engagementSchema>;
