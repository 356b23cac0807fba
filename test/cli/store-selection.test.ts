import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { databaseConfigFor } from '../../src/main/open-store.js';

const withDataDir = parseConfig({ database: { dataDir: 'state', poolSize: 3 } }, { baseDir: '/srv/firm', env: {} });
const defaults = parseConfig({}, { env: {} });

describe('which store the configuration selects', () => {
  it('DATABASE_URL selects PostgreSQL with the configured pool size', () => {
    expect(databaseConfigFor(withDataDir, { DATABASE_URL: 'postgres://u@db:5432/tl' })).toEqual({
      engine: 'postgres',
      url: 'postgres://u@db:5432/tl',
      poolSize: 3,
    });
  });

  it('otherwise PGlite: THROUGHLINE_DATA_DIR, then database.dataDir (resolved against the config folder), then .throughline/data', () => {
    expect(databaseConfigFor(withDataDir, { THROUGHLINE_DATA_DIR: '/var/lib/tl' })).toEqual({ engine: 'pglite', dataDir: '/var/lib/tl' });
    expect(databaseConfigFor(withDataDir, {})).toEqual({ engine: 'pglite', dataDir: path.resolve('/srv/firm', 'state') });
    expect(databaseConfigFor(defaults, {})).toEqual({ engine: 'pglite', dataDir: path.join('.throughline', 'data') });
  });
});
