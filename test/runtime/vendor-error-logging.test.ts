import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureStream } from '../support/capture-log.js';
import { createLogger } from '../../src/observability/logger.js';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { NonRetryableError, RetryableError } from '../../src/runtime/errors.js';
import { createExceptionQueue } from '../../src/runtime/exceptions/exception-actions.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { describeEachEngine } from '../support/engines.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import type { TestLineEvent } from './support/test-events.js';


// What a vendor's error text can carry: a rate, a person's name, an amount.
const VENDOR_TEXT = 'rate 250.00 for Jane Doe';
const SECRETS = ['250.00', 'Jane Doe', '1875.00'];

describeEachEngine('vendor errors in the logs', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it("logs the vendor's code, the error kind and the exception id, never the vendor's words; the exception keeps them", async () => {
    const flow = defineFlowOf<TestLineEvent>()({
      id: 'vendor-log',
      on: ['test_line.approved'],
      key: (e) => e.subject,
      owners: { default: 'finance' },
      exceptionSlaMs: 60 * 60_000,
      impact: (e) => {
        // A flow's own error text can carry amounts too (not logged either).
        if (e.data.key === 'IMPACT') throw new Error(`impact of 1875.00 for Jane Doe not computable`);
        return { amount: e.data.amount, currency: e.data.currency };
      },
      steps: [
        defineStep({
          id: 'post-time-bill',
          retry: { maximumAttempts: 2, initialIntervalMs: 1_000 },
          invoke: async (e: TestLineEvent) => {
            if (e.data.key === 'FLAKY') {
              throw new RetryableError(`Unexpected error posting ${VENDOR_TEXT}`, { vendorCode: 'UNEXPECTED_ERROR', status: 500, connection: 'netsuite' });
            }
            throw new NonRetryableError(`Invalid field value: ${VENDOR_TEXT} exceeds the rate card`, {
              vendorCode: 'INVALID_FLD_VALUE', status: 400, kind: 'validation', connection: 'netsuite',
            });
          },
        }),
      ],
    });
    const out = captureStream();
    const { intake, worker, clock, registry } = runtimeHarness(store, [flow], {
      logger: createLogger({ destination: out.stream, level: 'debug' }),
    });
    await intake.ingest([eventFor('vl', 1, 'INVALID'), eventFor('vl', 2, 'FLAKY'), eventFor('vl', 3, 'IMPACT')]);
    await worker.runUntilIdle();
    await clock.advance(1_000);
    await worker.runUntilIdle();

    const queue = createExceptionQueue({ db: store.db, clock, flows: registry });
    const exceptions = await queue.list({ flowId: 'vendor-log', status: 'unresolved' });
    expect(exceptions).toHaveLength(3);
    for (const exception of exceptions) expect(exception.message).toContain(VENDOR_TEXT);

    const raw = out.raw();
    for (const secret of SECRETS) expect(raw).not.toContain(secret);

    const lines = out.lines();
    const failedPermanently = lines.filter((l) => l.msg === 'run failed permanently');
    expect(failedPermanently).toHaveLength(3);
    for (const line of failedPermanently) {
      const exception = exceptions.find((x) => x.runId === line.runId)!;
      expect(line.exceptionId).toBe(exception.id);
      expect(line.error).toMatchObject({ name: exception.vendorCode === 'UNEXPECTED_ERROR' ? 'RetryableError' : 'NonRetryableError', vendorCode: exception.vendorCode, status: expect.any(Number) });
      expect(line.error).not.toHaveProperty('message');
    }
    expect(failedPermanently.map((l) => (l.error as { vendorCode: string }).vendorCode).sort()).toEqual(['INVALID_FLD_VALUE', 'INVALID_FLD_VALUE', 'UNEXPECTED_ERROR']);
    expect(failedPermanently.find((l) => (l.error as { vendorCode: string }).vendorCode === 'INVALID_FLD_VALUE')).toMatchObject({
      category: 'validation', error: { kind: 'validation', status: 400, connection: 'netsuite' },
    });

    const stepFailed = lines.filter((l) => l.msg === 'step failed');
    expect(stepFailed.map((l) => (l.error as { vendorCode: string }).vendorCode).sort()).toEqual(['INVALID_FLD_VALUE', 'INVALID_FLD_VALUE', 'UNEXPECTED_ERROR', 'UNEXPECTED_ERROR']);
    for (const line of stepFailed) expect(line.error).not.toHaveProperty('message');

    const impactLine = lines.find((l) => l.msg === 'impact could not be computed');
    expect(impactLine).toMatchObject({ error: { name: 'Error' } });
    expect(impactLine!.error).not.toHaveProperty('message');
  });
});
