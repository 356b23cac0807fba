import type { Kysely } from 'kysely';
import type { Database } from '../persistence/schema.js';

/** A webhook delivery as the receiver took it: who sent it, its webhook-id and the SHA-256 of its raw body. */
export interface WebhookDeliveryKey {
  connection: string;
  webhookId: string;
  /** Hex SHA-256 of the raw body. */
  bodySha256: string;
}

/** A webhook-id already taken: with this body (a redelivery: the sender lost our answer) or another one (a reused id). */
export type WebhookTaken = 'redelivery' | 'reused';

/**
 * Whether this webhook-id was already taken for the connection, and with this body or another one.
 * Receipts from before body digests were kept (null) count as the same body.
 */
export async function webhookTakenAs(db: Kysely<Database>, key: WebhookDeliveryKey): Promise<WebhookTaken | undefined> {
  const receipt = await db.selectFrom('tl_webhook_receipt').select('body_sha256')
    .where('connection_id', '=', key.connection).where('webhook_id', '=', key.webhookId).executeTakeFirst();
  if (!receipt) return undefined;
  return receipt.body_sha256 !== null && receipt.body_sha256 !== key.bodySha256 ? 'reused' : 'redelivery';
}

/** Writes the receipt unless the webhook-id is taken (then nothing): whether it was written. */
export async function insertWebhookReceipt(
  db: Kysely<Database>,
  receipt: WebhookDeliveryKey & { receivedAt: Date; events: number },
): Promise<boolean> {
  const inserted = await db.insertInto('tl_webhook_receipt')
    .values({ connection_id: receipt.connection, webhook_id: receipt.webhookId, received_at: receipt.receivedAt, events: receipt.events, body_sha256: receipt.bodySha256 })
    .onConflict((conflict) => conflict.doNothing())
    .returning('webhook_id')
    .execute();
  return inserted.length > 0;
}
