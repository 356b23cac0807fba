import { z } from 'zod';

/** How a contract bills: per hour worked, a fixed fee, on milestones, a retainer, or a subscription. */
export const billingModelSchema = z.enum(['time_and_materials', 'fixed_fee', 'milestone', 'retainer', 'subscription']);

/** A contract's billing model. */
export type BillingModel = z.infer<typeof billingModelSchema>;

/** How revenue is recognised for a contract. */
export const revenuePolicySchema = z.enum(['as_billed', 'percent_complete', 'straight_line', 'milestone_acceptance', 'point_in_time']);

/** How a contract is taxed. */
export const taxTreatmentSchema = z.enum(['taxable', 'exempt', 'reverse_charge', 'out_of_scope']);
