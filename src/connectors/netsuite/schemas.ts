import { z } from 'zod';

/**
 * zod schemas of the NetSuite REST payloads the connector reads. Tolerant where vendor-apis.md marks
 * a shape unconfirmed: numbers may come as strings, references as `{ id }` with or without `refName`.
 * Vendor doc: NetSuite Help "REST Web Services" (record, SuiteQL and async job resources).
 */

/** `POST /services/rest/auth/oauth2/v1/token` success body. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
  token_type: z.string().optional(),
});

/** One entry of `o:errorDetails`. */
export const errorDetailSchema = z.object({
  detail: z.string().optional(),
  'o:errorCode': z.string().optional(),
  'o:errorPath': z.string().optional(),
});

/** RFC 7807 error body with NetSuite's `o:errorDetails`. */
export const errorBodySchema = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.coerce.number().optional(),
  'o:errorDetails': z.array(errorDetailSchema).optional(),
});

/** A NetSuite error body. */
export type NetSuiteErrorBody = z.infer<typeof errorBodySchema>;

const linkSchema = z.object({ rel: z.string().optional(), href: z.string().optional() });

/** The collection envelope of record lists and SuiteQL: `{ links, count, hasMore, items, offset, totalResults }`. */
export function collectionSchema<T extends z.ZodType>(item: T) {
  return z.object({
    links: z.array(linkSchema).optional(),
    count: z.coerce.number().optional(),
    hasMore: z.boolean(),
    items: z.array(item),
    offset: z.coerce.number().optional(),
    totalResults: z.coerce.number().optional(),
  });
}

/** A SuiteQL row: lower-case column names, values as strings or numbers (null columns are absent). */
export const suiteQlRowSchema = z.record(z.string(), z.unknown());

/** A reference field as read: `{ id, refName?, links? }`. */
export const recordRefSchema = z.object({ id: z.coerce.string(), refName: z.string().optional() }).loose();

/** Decimal fields may come as JSON numbers or strings; kept as decimal strings. */
export const decimalTextSchema = z.union([z.number(), z.string()]).transform((value) => String(value));

/** `GET /services/rest/async/v1/job/{id}`. */
export const asyncJobSchema = z.object({
  id: z.coerce.string(),
  completed: z.boolean(),
  progress: z.string().optional(),
  taskCount: z.coerce.number().optional(),
  succeededCount: z.coerce.number().optional(),
  failedCount: z.coerce.number().optional(),
}).loose();

/** `GET /services/rest/async/v1/job/{id}/task/{taskId}`. */
export const asyncTaskSchema = z.object({
  id: z.coerce.string(),
  completed: z.boolean().optional(),
  progress: z.string().optional(),
}).loose();

/** `GET /timeBill/{id}`: the fields the connector reads back. */
export const timeBillRecordSchema = z.object({
  id: z.coerce.string(),
  externalId: z.string().optional(),
  employee: recordRefSchema.optional(),
  customer: recordRefSchema.optional(),
  item: recordRefSchema.optional(),
  hours: z.union([z.number(), z.string()]).optional(),
  tranDate: z.string().optional(),
  rate: decimalTextSchema.optional(),
  isBillable: z.boolean().optional(),
  approvalStatus: recordRefSchema.optional(),
  memo: z.string().optional(),
  lastModifiedDate: z.string().optional(),
}).loose();

/** A time bill as read. */
export type TimeBillRecord = z.infer<typeof timeBillRecordSchema>;

/** `GET /invoice/{id}`. */
export const invoiceRecordSchema = z.object({
  id: z.coerce.string(),
  externalId: z.string().optional(),
  tranId: z.string().optional(),
  entity: recordRefSchema,
  job: recordRefSchema.optional(),
  currency: recordRefSchema.optional(),
  subsidiary: recordRefSchema.optional(),
  tranDate: z.string(),
  dueDate: z.string().optional(),
  status: recordRefSchema.optional(),
  subtotal: decimalTextSchema.optional(),
  taxTotal: decimalTextSchema.optional(),
  total: decimalTextSchema.optional(),
  amountPaid: decimalTextSchema.optional(),
  amountRemaining: decimalTextSchema.optional(),
  memo: z.string().optional(),
  lastModifiedDate: z.string().optional(),
}).loose();

/** An invoice as read. */
export type InvoiceRecord = z.infer<typeof invoiceRecordSchema>;

/** `GET /customerPayment/{id}` (with `expandSubResources=true` for the apply lines). */
export const customerPaymentRecordSchema = z.object({
  id: z.coerce.string(),
  externalId: z.string().optional(),
  tranId: z.string().optional(),
  customer: recordRefSchema,
  currency: recordRefSchema.optional(),
  tranDate: z.string(),
  payment: decimalTextSchema,
  applied: decimalTextSchema.optional(),
  unapplied: decimalTextSchema.optional(),
  apply: z.object({
    items: z.array(z.object({
      doc: recordRefSchema,
      apply: z.boolean().optional(),
      amount: decimalTextSchema.optional(),
    }).loose()),
  }).loose().optional(),
  lastModifiedDate: z.string().optional(),
}).loose();

/** A customer payment as read. */
export type CustomerPaymentRecord = z.infer<typeof customerPaymentRecordSchema>;
