import { Registry } from 'prom-client';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE, problemSchema } from './problem.js';
import { webhookAcceptedSchema, webhookParamsSchema } from './webhooks/webhook-schemas.js';

const statusSchema = z.object({ status: z.string(), reason: z.string().optional() });

/** Named schemas, emitted once under components and referenced by `$ref`. */
const components = { WebhookAccepted: webhookAcceptedSchema, Problem: problemSchema, Status: statusSchema } satisfies Record<string, z.ZodType>;

function toSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' });
  return rest;
}
const json = (name: keyof typeof components) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });
/** An error answer: RFC 9457 problem details (`code` says which; see problem.ts). */
const errorResponse = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } });
/** Any other error of an operation (an unexpected failure: 500 internal_error). */
const otherErrors = errorResponse('Any other error, as problem details (an unexpected failure is 500 internal_error).');

/** The OpenAPI 3.1 document of the HTTP API, assembled from the same zod schemas the routes use. */
export function buildOpenApiDocument(info: { version: string }): Record<string, unknown> {
  const connection = toSchema(webhookParamsSchema.shape.connection);
  return {
    openapi: '3.1.0',
    info: { title: 'Throughline hub API', version: info.version, description: 'Webhooks in, health, readiness and Prometheus metrics. Every error answer is RFC 9457 problem details (application/problem+json) whose `code` member says which error it is; a route that does not exist is 404 not_found.' },
    paths: {
      '/v1/webhooks/{connection}': {
        post: {
          operationId: 'receiveWebhook',
          summary: 'Receive a signed change notification from a connected system (Standard Webhooks).',
          parameters: [
            { name: 'connection', in: 'path', required: true, schema: connection },
            { name: 'webhook-id', in: 'header', required: true, schema: { type: 'string' }, description: 'unique per message, the same on its retries: the same id with the same body again is answered 200 as a redelivery (nothing ingested twice); with another body 409' },
            { name: 'webhook-timestamp', in: 'header', required: true, schema: { type: 'string' }, description: 'unix seconds; must be within 5 minutes of the hub clock' },
            { name: 'webhook-signature', in: 'header', required: true, schema: { type: 'string' }, description: 'v1,<base64 HMAC-SHA256 of id.timestamp.body>' },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { description: 'the vendor payload, read by the connection handler' } } } },
          responses: {
            200: { description: 'Delivery taken: events appended (or recognised as duplicates); or a redelivery of a delivery already taken (`redelivery: true`, nothing ingested again).', content: json('WebhookAccepted') },
            400: errorResponse('The body is not JSON (invalid_json) or cannot be read by the connection (unprocessable).'),
            401: errorResponse('Missing or forged signature, or a timestamp outside the tolerance (stale; invalid_signature): nothing was ingested.'),
            404: errorResponse('No webhook receiver for this connection (unknown_connection).'),
            409: errorResponse('The webhook-id was already taken by a different body (webhook_id_reused, with webhookId): nothing was ingested.'),
            413: errorResponse('The body is larger than the limit (5 MiB; body_too_large): nothing was ingested.'),
            503: errorResponse('Temporarily unable to process (temporarily_unavailable); redeliver later.'),
            default: otherErrors,
          },
        },
      },
      '/healthz': { get: { operationId: 'health', responses: { 200: { description: 'The process is up.', content: json('Status') }, default: otherErrors } } },
      '/readyz': {
        get: {
          operationId: 'readiness',
          responses: {
            200: { description: 'Store reachable, migrations current.', content: json('Status') },
            503: { description: 'Not ready, with the reason (a probe answer, not problem details).', content: json('Status') },
            default: otherErrors,
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          summary: 'The hub\'s metrics in the Prometheus text exposition format (docs/operations/metrics.md lists them).',
          responses: {
            200: { description: 'Prometheus text exposition, read from the store and the hub at scrape time.', content: { [Registry.PROMETHEUS_CONTENT_TYPE]: { schema: { type: 'string' } } } },
            default: otherErrors,
          },
        },
      },
      '/openapi.json': { get: { operationId: 'openapi', responses: { 200: { description: 'This document.' }, default: otherErrors } } },
    },
    components: { schemas: Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, toSchema(schema)])) },
  };
}
