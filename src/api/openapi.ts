import { z } from 'zod';
import { apiErrorSchema, webhookAcceptedSchema, webhookParamsSchema } from './webhooks/webhook-schemas.js';

const statusSchema = z.object({ status: z.string(), reason: z.string().optional() });

/** Named schemas, emitted once under components and referenced by `$ref`. */
const components = { WebhookAccepted: webhookAcceptedSchema, ApiError: apiErrorSchema, Status: statusSchema } satisfies Record<string, z.ZodType>;

function toSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' });
  return rest;
}
const json = (name: keyof typeof components) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });
const errorResponse = (description: string) => ({ description, content: json('ApiError') });

/** The OpenAPI 3.1 document of the HTTP API, assembled from the same zod schemas the routes use. */
export function buildOpenApiDocument(info: { version: string }): Record<string, unknown> {
  const connection = toSchema(webhookParamsSchema.shape.connection);
  return {
    openapi: '3.1.0',
    info: { title: 'Throughline hub API', version: info.version, description: 'Webhooks in, health and readiness.' },
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
            400: errorResponse('The body is not JSON or cannot be read by the connection.'),
            401: errorResponse('Missing or forged signature, or a timestamp outside the tolerance (stale): nothing was ingested.'),
            404: errorResponse('No webhook receiver for this connection.'),
            409: errorResponse('The webhook-id was already taken by a different body: nothing was ingested.'),
            503: errorResponse('Temporarily unable to process; redeliver later.'),
          },
        },
      },
      '/healthz': { get: { operationId: 'health', responses: { 200: { description: 'The process is up.', content: json('Status') } } } },
      '/readyz': {
        get: {
          operationId: 'readiness',
          responses: {
            200: { description: 'Store reachable, migrations current.', content: json('Status') },
            503: { description: 'Not ready, with the reason.', content: json('Status') },
          },
        },
      },
      '/openapi.json': { get: { operationId: 'openapi', responses: { 200: { description: 'This document.' } } } },
    },
    components: { schemas: Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, toSchema(schema)])) },
  };
}
