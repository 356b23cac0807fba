import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../persistence/schema.js';

const outboxInputSchema = z.object({
  topic: z.string().min(1),
  key: z.string().min(1),
  payload: z.unknown().refine((value) => value !== undefined, 'payload is required'),
  headers: z.record(z.string(), z.string()).optional(),
});

/** One message to publish after commit. */
export type OutboxInput = z.infer<typeof outboxInputSchema>;

/**
 * Writes messages to the outbox. Call it with the transaction that makes the state change, so the
 * messages exist if and only if the change committed. One statement for the whole batch.
 */
export async function enqueueOutbox(
  trx: Kysely<Database> | Transaction<Database>,
  messages: OutboxInput[],
  at: Date,
): Promise<number[]> {
  if (messages.length === 0) return [];
  const parsed = messages.map((message) => outboxInputSchema.parse(message));
  const result = await sql<{ id: number }>`
    insert into tl_outbox_message (topic, key, payload, headers, created_at)
    select topic, key, payload, headers, ${at.toISOString()}::timestamptz
    from unnest(${parsed.map((m) => m.topic)}::text[], ${parsed.map((m) => m.key)}::text[],
                ${parsed.map((m) => JSON.stringify(m.payload))}::jsonb[], ${parsed.map((m) => JSON.stringify(m.headers ?? {}))}::jsonb[])
      with ordinality as input(topic, key, payload, headers, position)
    order by position
    returning id`.execute(trx);
  return result.rows.map((row) => row.id);
}
