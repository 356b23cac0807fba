import { DATA_CONTENT_TYPE } from '../cloud-event.js';
import { eventDefinitions, eventTypes } from '../events/index.js';
import { eventJsonSchemaDraft7 } from './event-json-schema.js';

/** NATS subject (AsyncAPI channel address) of an event type. */
export function subjectOf(type: string): string {
  return `throughline.events.${type}`;
}

/**
 * AsyncAPI 3.0 document of every canonical event: one channel per type (address
 * `throughline.events.<type>`), one send operation per channel, payloads in CloudEvents 1.0 JSON.
 * Reference: https://www.asyncapi.com/docs/reference/specification/v3.0.0
 */
export function asyncApiDocument(version: string): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const type of eventTypes) {
    const { schema, definitions } = eventJsonSchemaDraft7(type, '#/components/schemas/');
    Object.assign(schemas, definitions);
    schemas[type] = schema;
    messages[type] = {
      name: type,
      title: type,
      contentType: 'application/cloudevents+json',
      summary: `Canonical event ${type} (data schema version ${eventDefinitions[type].schemaVersion}; data is ${DATA_CONTENT_TYPE}).`,
      payload: { $ref: `#/components/schemas/${type}` },
    };
    channels[type] = {
      address: subjectOf(type),
      messages: { [type]: { $ref: `#/components/messages/${type}` } },
    };
    operations[`publish.${type}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${type}` },
      messages: [{ $ref: `#/channels/${type}/messages/${type}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Throughline canonical events',
      version,
      description: 'Business events the hub publishes to external subscribers (NATS JetStream subject per event type, signed webhooks).',
      license: { name: 'Apache-2.0' },
    },
    defaultContentType: 'application/cloudevents+json',
    channels,
    operations,
    components: { schemas: sortKeys(schemas), messages },
  };
}

function sortKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
}
