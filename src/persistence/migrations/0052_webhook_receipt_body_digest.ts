import type { Kysely } from 'kysely';

/**
 * Webhook receipts keep the SHA-256 of the body they took, so a delivery arriving again with the same
 * webhook-id can be told apart: the same body is a redelivery (answered 200, nothing ingested again),
 * another body is a reused id (refused). Receipts written before have none (null).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tl_webhook_receipt').addColumn('body_sha256', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tl_webhook_receipt').dropColumn('body_sha256').execute();
}
