// Canonical model v1: the only shapes flows see. Imports nothing from the hub.
export * from './envelope.js';
export * from './define-event.js';
export * from './ids.js';
export * from './primitives.js';
export * from './money/index.js';
export * from './entities/index.js';
export * from './events/index.js';
export { eventSchemaFor } from './event-schema.js';
export { type EventIssue, type ParseEventResult, formatPath, parseCanonicalEvent } from './parse-event.js';
export { type CloudEvent, DATA_CONTENT_TYPE, cloudEventSchema, cloudEventSchemaFor, fromCloudEvent, toCloudEvent } from './cloud-event.js';
export { type NewEventFields, newEvent } from './new-event.js';
export { ASYNCAPI_PATH, EVENT_SCHEMA_DIR, renderSchemaFiles } from './docs/render.js';
export { asyncApiDocument, subjectOf } from './docs/asyncapi.js';
export { eventJsonSchema } from './docs/event-json-schema.js';
