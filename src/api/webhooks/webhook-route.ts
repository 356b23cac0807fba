import { loggableError } from '../../runtime/retry/serialize-error.js';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Intake, WebhookTaken } from '../../intake/create-intake.js';
import type { WebhookHandler } from '../../intake/inbound-source.js';
import type { Clock } from '../../runtime/clock.js';
import { retryDispositionOf } from '../../runtime/errors.js';
import { sendProblem } from '../problem.js';
import { verifyStandardWebhook } from './verify-signature.js';
import { webhookParamsSchema } from './webhook-schemas.js';
import type { WebhookStatsRecorder } from './webhook-stats.js';

/** What the webhook route needs. */
export interface WebhookRouteDeps {
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

/** The answer to a redelivery: 200, as the first delivery got, and nothing ingested this time. */
const REDELIVERY = { redelivery: true, accepted: 0, duplicates: 0, rejected: 0, echoesDropped: 0, ignored: 0, rejectReasons: [] } as const;

/**
 * `POST /v1/webhooks/:connection`: verifies the Standard Webhooks signature and timestamp, hands the
 * body to the connection's handler and hands the candidate events to intake (`acceptWebhook`), which
 * writes a receipt of the webhook-id and the body's SHA-256 in the SAME transaction as the ingest (a
 * delivery is either fully taken or not at all); the route writes no SQL, only HTTP concerns. A
 * delivery whose webhook-id was already taken with the same body is a redelivery (the sender lost
 * our answer): 200 `{ redelivery: true }`, nothing handled or ingested again. Unsigned, forged or stale deliveries get 401; a taken webhook-id with another
 * body gets 409; neither ingests anything. Every error answer is RFC 9457 problem+json (problem.ts).
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
      if (!handler || !secret) return sendProblem(request, reply, { status: 404, code: 'unknown_connection', detail: `no webhook receiver for connection "${connection}"` });
      const stats = (delta: Parameters<WebhookStatsRecorder['add']>[1]) => deps.stats?.add(connection, delta);
      stats({ received: 1 });
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === 'string' ? request.body : '');
      const check = verifyStandardWebhook({
        secret, headers: request.headers as Record<string, string | string[] | undefined>, rawBody, now: deps.clock.now(),
        ...(deps.toleranceSeconds !== undefined ? { toleranceSeconds: deps.toleranceSeconds } : {}),
      });
      if (!check.ok) {
        stats({ refused: 1 });
        return sendProblem(request, reply, { status: 401, code: 'invalid_signature', detail: check.reason });
      }
      const bodySha256 = createHash('sha256').update(rawBody).digest('hex');
      const key = { connection, webhookId: check.webhookId, bodySha256 };
      // (Replies are thenables: answer here, never hand one back through a promise.)
      const answerTaken = (taken: WebhookTaken) => {
        if (taken === 'redelivery') {
          stats({ redeliveries: 1 });
          return reply.code(200).send(REDELIVERY);
        }
        stats({ refused: 1 });
        request.log.warn({ connection, webhookId: check.webhookId }, 'webhook-id reused for a different body: refused');
        return sendProblem(request, reply, {
          status: 409, code: 'webhook_id_reused', detail: `webhook-id ${check.webhookId} was already taken by a different body`, extensions: { webhookId: check.webhookId },
        });
      };
      const taken = await deps.intake.webhookTaken(key);
      if (taken) return answerTaken(taken);
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        stats({ failed: 1 });
        return sendProblem(request, reply, { status: 400, code: 'invalid_json', detail: 'the body is not JSON' });
      }
      let batch;
      try {
        batch = await handler.handle({ connection, webhookId: check.webhookId, headers: request.headers as Record<string, string>, body });
      } catch (error) {
        stats({ failed: 1 });
        const message = error instanceof Error ? error.message : String(error);
        // The reason goes back to the sender; the log names the error by its code (the text may carry rates and names).
        request.log.warn({ connection, webhookId: check.webhookId, error: loggableError(error) }, 'webhook handler failed');
        // A payload the handler can never read is the sender's problem; anything else: ask for a redelivery.
        return retryDispositionOf(error) === 'non_retryable'
          ? sendProblem(request, reply, { status: 400, code: 'unprocessable', detail: message })
          : sendProblem(request, reply, { status: 503, code: 'temporarily_unavailable', detail: message });
      }
      const acceptance = await deps.intake.acceptWebhook({ ...key, receivedAt: deps.clock.now(), events: batch.events });
      if (acceptance.status !== 'accepted') return answerTaken(acceptance.status);
      const results = acceptance.results;
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
