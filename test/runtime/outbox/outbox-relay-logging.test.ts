import { Kysely, PostgresDialect } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../../src/persistence/schema.js';
import { createManualClock } from '../../../src/runtime/clock.js';
import { createInProcessSink } from '../../../src/runtime/outbox/in-process-sink.js';
import { createOutboxRelay } from '../../../src/runtime/outbox/outbox-relay.js';
import type { RuntimeLogger } from '../../../src/runtime/worker/runtime-logger.js';

/** A store whose every connection attempt fails with an error that has a code and words not to log. */
function unavailableStore() {
  const error = Object.assign(new Error('connect to db.internal as jane.doe failed: rate 150.00 EUR'), { name: 'StoreUnavailableError', details: { kind: 'transient' } });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => {
          throw error;
        },
        end: async () => {},
      },
    }),
  });
  return { db };
}

function recordingLogger() {
  const lines: Array<{ level: string; obj: object; msg?: string | undefined }> = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj, msg });
  const logger: RuntimeLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

it('logs a failed relay pass and a failed prune by the error code, never the message', async () => {
  const clock = createManualClock();
  const { db } = unavailableStore();
  const { logger, lines } = recordingLogger();
  const relay = createOutboxRelay({ store: db, clock, sinks: [createInProcessSink('subscribers')], batchSize: 10, pollIntervalMs: 200, logger });
  relay.start();
  const deadline = Date.now() + 10_000;
  while (lines.filter((l) => l.msg?.startsWith('outbox relay pass failed')).length < 2 && Date.now() < deadline) {
    await clock.advance(200);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await relay.stop();
  const passFailures = lines.filter((l) => l.msg?.startsWith('outbox relay pass failed'));
  expect(passFailures.length).toBeGreaterThanOrEqual(2);
  expect(passFailures[0]).toMatchObject({ level: 'warn', obj: { error: { name: 'StoreUnavailableError', kind: 'transient' }, failedPasses: 1 } });
  const pruneFailure = lines.find((l) => l.msg?.startsWith('outbox prune failed'));
  expect(pruneFailure).toMatchObject({ level: 'warn', obj: { error: { name: 'StoreUnavailableError', kind: 'transient' }, failedPrunes: 1 } });
  // A streak is logged at its 1st, 2nd, 4th, 8th... failure, not on every pass.
  expect(passFailures.map((l) => (l.obj as { failedPasses: number }).failedPasses)).toEqual([1, 2, 4, 8, 16, 32].slice(0, passFailures.length));
  const logged = JSON.stringify(lines);
  expect(logged).not.toContain('jane.doe');
  expect(logged).not.toContain('150.00');
  await db.destroy();
});
