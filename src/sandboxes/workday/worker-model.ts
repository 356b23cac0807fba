/**
 * The Workday sandbox's worker model: what a worker is at one moment, the effective-dated business
 * process transactions that change it, and the zod schemas the admin API validates its input with.
 */
import { z } from 'zod';

const isoDate = z.iso.date();
const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string, e.g. "125000.00"');

/** A reference to a Workday object (job profile, cost centre, company, location, region, org). */
export interface WorkdayReference {
  id: string;
  name: string;
}

/** Accepts `"Delivery UK"` (id derived from the name) or `{ id, name }`. */
export const referenceSchema = z.union([
  z.string().min(1).transform((name): WorkdayReference => ({ id: referenceIdFromName(name), name })),
  z.object({ id: z.string().min(1), name: z.string().min(1) }),
]);

/** Pay as Workday's base pay plan: an annual salary or an hourly rate, in one currency. */
export const compensationSchema = z.object({
  basis: z.enum(['annual', 'hourly']),
  amount: decimalString,
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
});
export type Compensation = z.infer<typeof compensationSchema>;

/** Every attribute of a worker as of one effective date. */
export interface WorkerAttributes {
  employeeId: string;
  firstName: string;
  lastName: string;
  email: string;
  businessTitle: string;
  jobProfile: WorkdayReference;
  costCenter: WorkdayReference;
  company: WorkdayReference;
  location: WorkdayReference;
  region: WorkdayReference;
  supervisoryOrg: WorkdayReference;
  isManager: boolean;
  workerType: 'employee' | 'contingent';
  compensation: Compensation;
  hireDate: string;
  terminationDate: string | null;
}

/** The business processes the sandbox records, named as Workday's transaction log types. */
export type TransactionType = 'Hire' | 'Job_Change' | 'Compensation_Change' | 'Termination';

/** One entry of a worker's transaction log: effective on a business date, entered at an instant. */
export interface WorkerTransaction {
  wid: string;
  type: TransactionType;
  effectiveDate: string;
  /** Sandbox-clock instant the transaction was entered (what Updated_From/Through filter on). */
  enteredAt: string;
  changes: Partial<WorkerAttributes>;
}

/** A worker and its whole history. */
export interface WorkerRecord {
  wid: string;
  employeeId: string;
  transactions: WorkerTransaction[];
}

/** Admin input for a hire. Unset optional fields get sensible defaults. */
export const hireInputSchema = z.object({
  employeeId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional(),
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  email: z.email().optional(),
  businessTitle: z.string().min(1),
  jobProfile: referenceSchema,
  costCenter: referenceSchema,
  company: referenceSchema,
  location: referenceSchema,
  region: referenceSchema,
  supervisoryOrg: referenceSchema.optional(),
  isManager: z.boolean().default(false),
  workerType: z.enum(['employee', 'contingent']).default('employee'),
  compensation: compensationSchema,
  hireDate: isoDate,
});
export type HireInput = z.input<typeof hireInputSchema>;

/** Admin input for a job change (title, profile, organisations, location). */
export const jobChangeInputSchema = z
  .object({
    effectiveDate: isoDate,
    businessTitle: z.string().min(1).optional(),
    jobProfile: referenceSchema.optional(),
    costCenter: referenceSchema.optional(),
    company: referenceSchema.optional(),
    location: referenceSchema.optional(),
    region: referenceSchema.optional(),
    supervisoryOrg: referenceSchema.optional(),
    isManager: z.boolean().optional(),
    email: z.email().optional(),
  })
  .refine((input) => Object.keys(input).length > 1, { message: 'a job change needs at least one changed field' });
export type JobChangeInput = z.input<typeof jobChangeInputSchema>;

/** Admin input for a compensation change. */
export const compensationChangeInputSchema = z.object({ effectiveDate: isoDate, compensation: compensationSchema });
export type CompensationChangeInput = z.input<typeof compensationChangeInputSchema>;

/** Admin input for a termination (the last day worked). */
export const terminationInputSchema = z.object({ terminationDate: isoDate });
export type TerminationInput = z.input<typeof terminationInputSchema>;

/** `"Delivery UK"` -> `"DELIVERY_UK"`: Workday reference ids are upper snake by convention here. */
export function referenceIdFromName(name: string): string {
  return name
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}
