import { eventTypes } from '../events/index.js';
import { asyncApiDocument } from './asyncapi.js';
import { eventJsonSchema } from './event-json-schema.js';

/** Folder of the per-event JSON Schemas, relative to the repository root. */
export const EVENT_SCHEMA_DIR = 'docs/schemas/events';
/** Path of the AsyncAPI document, relative to the repository root. */
export const ASYNCAPI_PATH = 'docs/schemas/asyncapi.json';

/** Every generated schema file: repository-relative path -> exact file content. Deterministic. */
export function renderSchemaFiles(version: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const type of eventTypes) {
    files.set(`${EVENT_SCHEMA_DIR}/${type}.schema.json`, toJson(eventJsonSchema(type)));
  }
  files.set(ASYNCAPI_PATH, toJson(asyncApiDocument(version)));
  return files;
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
