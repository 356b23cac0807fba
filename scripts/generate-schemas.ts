// Writes the JSON Schema of every canonical event and the AsyncAPI document (`npm run schemas`).
// test/canonical/generated-schemas.test.ts fails when the checked-in files differ from this output.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_SCHEMA_DIR, renderSchemaFiles } from '../src/canonical/docs/render.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const files = renderSchemaFiles(version);

mkdirSync(join(root, EVENT_SCHEMA_DIR), { recursive: true });
// Remove schemas of event types that no longer exist.
for (const name of readdirSync(join(root, EVENT_SCHEMA_DIR))) {
  if (!files.has(`${EVENT_SCHEMA_DIR}/${name}`)) rmSync(join(root, EVENT_SCHEMA_DIR, name));
}
for (const [path, content] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
console.log(`wrote ${files.size} schema files`);
