import { z } from 'zod';

/**
 * The envelope every canonical business event carries (CloudEvents 1.0 attributes plus the hub's
 * extensions). In TypeScript the fields are camelCase; `toCloudEvent` gives the wire form.
 */
export const eventEnvelopeSchema = z.object({
  /** Unique event id (`tl_evt_<ulid>` for events the hub creates). */
  id: z.string().min(1),
  /** Business event type, e.g. `time.approved`. */
  type: z.string().regex(/^[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*$/, 'must look like "entity.verb"'),
  /** Entity key the event is about (canonical id or `<entity>:<connection>:<sourceId>`). */
  subject: z.string().min(1),
  /** Connection id the event came from (`throughline` for the hub's own outcomes). */
  source: z.string().min(1),
  /** The record's id in the source system. */
  sourceId: z.string().min(1),
  /** The record's version in the source system (SystemModstamp, lastModifiedDate, hash...). */
  sourceVersion: z.string().min(1),
  /** When it happened (UTC ISO instant). */
  time: z.iso.datetime({ offset: true }),
  /** One per business transaction: the deal's id follows the project, its time, invoices and payments. */
  correlationId: z.string().min(1),
  /** The event that caused this one, if any. */
  causationId: z.string().min(1).nullable(),
  /** Version of the `data` schema for this type. */
  schemaVersion: z.string().regex(/^\d+(?:\.\d+)?$/),
  data: z.unknown(),
});

/** A canonical event with typed data. */
export type CanonicalEvent<TType extends string = string, TData = unknown> = Omit<
  z.infer<typeof eventEnvelopeSchema>,
  'type' | 'data'
> & { type: TType; data: TData };
