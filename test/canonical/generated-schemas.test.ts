import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument, subjectOf } from '../../src/canonical/docs/asyncapi.js';
import { EVENT_SCHEMA_DIR, renderSchemaFiles } from '../../src/canonical/docs/render.js';
import { eventTypes } from '../../src/canonical/index.js';

const root = new URL('../../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };

describe('generated schemas', () => {
  it('the checked-in JSON Schemas and AsyncAPI document are up to date', () => {
    const files = renderSchemaFiles(version);
    const stale: string[] = [];
    for (const [path, content] of files) {
      const url = new URL(path, root);
      if (!existsSync(url) || readFileSync(url, 'utf8') !== content) stale.push(path);
    }
    const onDisk = readdirSync(new URL(`${EVENT_SCHEMA_DIR}/`, root)).map((name) => `${EVENT_SCHEMA_DIR}/${name}`);
    stale.push(...onDisk.filter((path) => !files.has(path)).map((path) => `${path} (no such event type)`));
    expect(stale, `schema files are stale: run \`npm run schemas\`\n  ${stale.join('\n  ')}`).toEqual([]);
  });

  it('generation is deterministic', () => {
    expect([...renderSchemaFiles(version)]).toEqual([...renderSchemaFiles(version)]);
  });

  it('has one JSON Schema per event type and one AsyncAPI channel per type on throughline.events.<type>', () => {
    const files = renderSchemaFiles(version);
    expect(files.size).toBe(eventTypes.length + 1);
    const doc = asyncApiDocument(version) as {
      asyncapi: string; channels: Record<string, { address: string }>; operations: Record<string, { action: string }>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels).sort()).toEqual([...eventTypes].sort());
    for (const type of eventTypes) {
      expect(doc.channels[type]!.address).toBe(subjectOf(type));
      expect(subjectOf(type)).toBe(`throughline.events.${type}`);
      expect(doc.operations[`publish.${type}`]!.action).toBe('send');
    }
    // every $ref in the document resolves inside it
    const text = JSON.stringify(doc);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/([^"]+)"/g)) {
      const target = ref!.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it('each event JSON Schema describes the CloudEvents wire form with typed data', () => {
    const schema = JSON.parse(renderSchemaFiles(version).get(`${EVENT_SCHEMA_DIR}/time.approved.schema.json`)!) as {
      properties: Record<string, { const?: string }>; required: string[];
    };
    expect(schema.properties.specversion!.const).toBe('1.0');
    expect(schema.properties.type!.const).toBe('time.approved');
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'source', 'type', 'correlationid', 'sourceid', 'sourceversion', 'schemaversion', 'data']));
    expect(schema.required).not.toContain('causationid');
  });
});
