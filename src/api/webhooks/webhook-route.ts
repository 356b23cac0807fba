import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Intake } from '../../intake/create-intake.js';
import type { WebhookHandler } from '../../intake/inbound-source.js';
import type { ThroughlineDatabase } from '../../persistence/database.js';
import type { Clock } from '../../runtime/clock.js';
import { retryDispositionOf } from '../../runtime/errors.js';
import { verifyStandardWebhook } from './verify-signature.js';
import { webhookParamsSchema } from './webhook-schemas.js';
import type { WebhookStatsRecorder } from './webhook-stats.js';

/** What the webhook route needs. */
export interface WebhookRouteDeps {
  store: Pick<ThroughlineDatabase, 'db'>;
  intake: Intake;
  /** One handler per connection that receives webhooks. */
  webhookHandlers: readonly WebhookHandler[];
  /** `whsec_` secret per connection id. */
  webhookSecrets: Readonly<Record<string, string>>;
  /** The receiver clock the timestamp tolerance is checked against (must agree with the sender's). */
  clock: Clock;
  stats?: WebhookStatsRecorder;
  toleranceSeconds?: number;
}

class ReplayedDelivery extends Error {}

/**
 * `POST /v1/webhooks/:connection`: verifies the Standard Webhooks signature and timestamp, refuses
 * a webhook-id seen before (the receipt is written in the SAME transaction as the ingest, so a
 * delivery is either fully taken or not at all), hands the body to the connection's handler and
 * ingests the candidate events. Forged, stale or replayed deliveries get 401 and ingest nothing.
 */
export async function registerWebhookRoute(app: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  const handlers = new Map(deps.webhookHandlers.map((h) => [h.connection, h]));
  await app.register(async (scope) => {
    // The signature covers the exact bytes: keep the raw body and parse JSON ourselves.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post('/v1/webhooks/:connection', async (request, reply) => {
      const params = webhookParamsSchema.safeParse(request.params);
      const connection = params.success ? params.data.connection : '';
      const handler = handlers.get(connection);
      const secret = deps.webhookSecrets[connection];
      if (!handler || !secret) return reply.code(404).send({ error: 'unknown_connection', reason: `no webhook receiver for connection "${connection}"` });
      const stats = (delta: Parameters<WebhookStatsRecorder['add']>[1]) => deps.stats?.add(connection, delta);
      stats({ received: 1 });
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === 'string' ? request.body : '');
      const check = verifyStandardWebhook({
        secret, headers: request.headers as Record<string, string | string[] | undefined>, rawBody, now: deps.clock.now(),
        ...(deps.toleranceSeconds !== undefined ? { toleranceSeconds: deps.toleranceSeconds } : {}),
      });
      if (!check.ok) {
        stats({ unauthorized: 1 });
        return reply.code(401).send({ error: 'invalid_signature', reason: check.reason });
      }
      const seen = await deps.store.db.selectFrom('tl_webhook_receipt').select('webhook_id')
        .where('connection_id', '=', connection).where('webhook_id', '=', check.webhookId).executeTakeFirst();
      if (seen) {
        stats({ replays: 1 });
        return reply.code(401).send({ error: 'replayed', reason: `webhook-id ${check.webhookId} was already received` });
      }
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        stats({ failed: 1 });
        return reply.code(400).send({ error: 'invalid_json', reason: 'the body is not JSON' });
      }
      let batch;
      try {
        batch = await handler.handle({ connection, webhookId: check.webhookId, headers: request.headers as Record<string, string>, body });
      } catch (error) {
        stats({ failed: 1 });
        const message = error instanceof Error ? error.message : String(error);
        request.log.warn({ connection, webhookId: check.webhookId, error: message }, 'webhook handler failed');
        // A payload the handler can never read is the sender's problem; anything else: ask for a redelivery.
        return retryDispositionOf(error) === 'non_retryable'
          ? reply.code(400).send({ error: 'unprocessable', reason: message })
          : reply.code(503).send({ error: 'temporarily_unavailable', reason: message });
      }
      let results;
      try {
        results = await deps.store.db.transaction().execute(async (trx) => {
          const inserted = await sql<{ webhook_id: string }>`
            insert into tl_webhook_receipt (connection_id, webhook_id, received_at, events)
            values (${connection}, ${check.webhookId}, ${deps.clock.now().toISOString()}::timestamptz, ${batch.events.length})
            on conflict do nothing returning webhook_id`.execute(trx);
          if (inserted.rows.length === 0) throw new ReplayedDelivery();
          return batch.events.length > 0 ? deps.intake.ingest(batch.events, { trx }) : [];
        });
      } catch (error) {
        if (error instanceof ReplayedDelivery) {
          stats({ replays: 1 });
          return reply.code(401).send({ error: 'replayed', reason: `webhook-id ${check.webhookId} was already received` });
        }
        throw error;
      }
      const summary = {
        accepted: results.filter((r) => r.status === 'accepted').length,
        duplicates: results.filter((r) => r.status === 'duplicate').length,
        rejected: results.filter((r) => r.status === 'rejected').length,
        echoesDropped: batch.echoesDropped,
        ignored: batch.ignored,
        rejectReasons: results.filter((r) => r.status === 'rejected').map((r) => r.reason ?? 'rejected').slice(0, 10),
      };
      stats({ accepted: summary.accepted, duplicates: summary.duplicates, rejected: summary.rejected, echoesDropped: summary.echoesDropped, ignored: summary.ignored });
      return reply.code(200).send(summary);
    });
  });
}
