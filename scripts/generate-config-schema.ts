// Writes docs/schemas/config.schema.json from the zod config schema (`npm run schemas:config`).
// test/config/json-schema.test.ts fails when the checked-in file is stale.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_JSON_SCHEMA_PATH, renderConfigJsonSchema } from '../src/config/json-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, CONFIG_JSON_SCHEMA_PATH);
await mkdir(path.dirname(target), { recursive: true });
await writeFile(target, renderConfigJsonSchema());
console.log(`wrote ${CONFIG_JSON_SCHEMA_PATH}`);
