import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ThroughlineDatabase } from '../../src/persistence/database.js';
import { NonRetryableError, RetryableError } from '../../src/runtime/errors.js';
import { createExceptionQueue } from '../../src/runtime/exceptions/exception-actions.js';
import { defineFlowOf } from '../../src/runtime/flows/define-flow.js';
import { defineStep } from '../../src/runtime/flows/define-step.js';
import { serializeError } from '../../src/runtime/retry/serialize-error.js';
import { describeEachEngine } from '../support/engines.js';
import { eventFor, runtimeHarness } from './support/runtime-harness.js';
import type { TestLineEvent } from './support/test-events.js';

it('a step error carries its owner through serializeError; an unknown owner is dropped', () => {
  expect(serializeError(new NonRetryableError('no rate', { kind: 'missing_rate', ownerDomain: 'sales' }))).toMatchObject({ kind: 'missing_rate', ownerDomain: 'sales' });
  expect(serializeError({ name: 'NonRetryableError', message: 'x', details: { ownerDomain: 'marketing' } })).not.toHaveProperty('ownerDomain');
});

it('owner of an exception: the step\'s owner, else the flow\'s owner for the category, else the flow default; the runtime\'s own categories default to integration', () => {
  const steps = [defineStep({ id: 's', invoke: async (_input: TestLineEvent) => 1 })] as const;
  const flow = defineFlowOf<TestLineEvent>()({
    id: 'owners-unit', on: ['test_line.approved'], key: () => 'k', steps,
    owners: { default: 'finance', byCategory: { missing_rate: 'delivery', worker_lost: 'integration' } },
    exceptionSlaMs: 1000, exceptionSlaMsByCategory: { worker_lost: 10 },
  });
  expect(flow.ownerDomain).toBe('finance');
  expect(flow.ownerOf('missing_rate')).toBe('delivery');
  expect(flow.ownerOf('currency_mismatch')).toBe('finance');
  expect(flow.ownerOf('missing_rate', 'sales')).toBe('sales');
  expect(flow.slaMsOf('worker_lost')).toBe(10);
  expect(flow.slaMsOf('missing_rate')).toBe(1000);
  const byDefault = defineFlowOf<TestLineEvent>()({ id: 'owners-default', on: ['test_line.approved'], key: () => 'k', steps, owners: { default: 'delivery' } });
  expect(byDefault.ownerOf('anything')).toBe('delivery');
  expect(byDefault.ownerOf('retries_exhausted')).toBe('integration');
  expect(byDefault.ownerOf('xref_ambiguous')).toBe('integration');
  const overridden = defineFlowOf<TestLineEvent>()({ id: 'owners-override', on: ['test_line.approved'], key: () => 'k', steps, owners: { default: 'delivery', byCategory: { retries_exhausted: 'finance' } } });
  expect(overridden.ownerOf('retries_exhausted')).toBe('finance');
});

describeEachEngine('exception owner per category', (engine) => {
  let store: ThroughlineDatabase;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
  });

  /** Fails each line by the kind named in its key: `kind:<category>`, `owner:<domain>` sets the step's owner, `transient` keeps failing transiently. */
  const flow = defineFlowOf<TestLineEvent>()({
    id: 'owners-flow',
    on: ['test_line.approved'],
    key: (e) => e.subject,
    owners: { default: 'finance', byCategory: { missing_rate: 'delivery', retries_exhausted: 'integration' } },
    exceptionSlaMs: 60 * 60_000,
    exceptionSlaMsByCategory: { missing_rate: 4 * 60 * 60_000 },
    steps: [
      defineStep({
        id: 'post',
        retry: { maximumAttempts: 2, initialIntervalMs: 1, maximumIntervalMs: 1 },
        invoke: async (e: TestLineEvent) => {
          const [what, value, owner] = e.data.key.split(':');
          if (what === 'transient') throw new RetryableError('ledger timed out');
          const details = owner ? { kind: value, ownerDomain: owner as 'sales' } : { kind: value };
          throw new NonRetryableError(`line ${e.data.key} refused`, details);
        },
      }),
    ],
  });

  it('a run failing with each kind lands with the expected owner and SLA; a step-set owner wins over the category default', async () => {
    const { intake, worker, clock, registry } = runtimeHarness(store, [flow]);
    const queue = createExceptionQueue({ db: store.db, clock, flows: registry });
    await intake.ingest([
      eventFor('own', 1, 'kind:missing_rate'),
      eventFor('own', 2, 'kind:currency_mismatch'),
      eventFor('own', 3, 'kind:missing_rate:sales'),
      eventFor('own', 4, 'transient'),
    ]);
    for (let i = 0; i < 5; i++) {
      await worker.runUntilIdle();
      await clock.advance(1000);
    }
    const exceptions = await queue.list({ flowId: 'owners-flow' });
    const byKey = (key: string) => exceptions.find((x) => x.message.includes(`line ${key} refused`) || (key === 'transient' && x.category === 'retries_exhausted'));
    expect(byKey('kind:missing_rate')).toMatchObject({ category: 'missing_rate', ownerDomain: 'delivery' });
    expect(byKey('kind:currency_mismatch')).toMatchObject({ category: 'currency_mismatch', ownerDomain: 'finance' });
    expect(byKey('kind:missing_rate:sales')).toMatchObject({ category: 'missing_rate', ownerDomain: 'sales' });
    expect(byKey('transient')).toMatchObject({ category: 'retries_exhausted', ownerDomain: 'integration' });
    const rate = byKey('kind:missing_rate')!;
    expect(new Date(rate.slaDueAt).getTime() - new Date(rate.openedAt).getTime()).toBe(4 * 60 * 60_000);
    const currency = byKey('kind:currency_mismatch')!;
    expect(new Date(currency.slaDueAt).getTime() - new Date(currency.openedAt).getTime()).toBe(60 * 60_000);
  });
});
