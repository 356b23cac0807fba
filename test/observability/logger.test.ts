import { describe, expect, it } from 'vitest';
import { captureStream } from '../support/capture-log.js';
import { createLogger, withCorrelationId } from '../../src/observability/logger.js';
import { isSensitiveKey, REDACTED, redact } from '../../src/observability/redaction.js';


describe('createLogger', () => {
  it('writes a cost rate nested in an object as [redacted]; the value appears nowhere in the line', () => {
    const out = captureStream();
    const logger = createLogger({ destination: out.stream });
    logger.info({ entry: { worker: { id: 'tl_worker_1', costRate: '187.35' }, hours: '7.5' } }, 'time posted');
    const [line] = out.lines();
    expect(line?.msg).toBe('time posted');
    expect(line?.entry).toEqual({ worker: { id: 'tl_worker_1', costRate: REDACTED }, hours: '7.5' });
    expect(out.raw()).not.toContain('187.35');
  });

  it('redacts rates, pay, secrets, auth headers and personal data at any depth, also in child bindings', () => {
    const out = captureStream();
    const logger = createLogger({ destination: out.stream }).child({ worker: { email: 'ana@example.com' } });
    logger.warn({
      assignment: { billRate: '250.00', bill_rate: '251.00', rate: '252.00' },
      people: [{ annualSalary: '98000', compensation: { base: '90000' }, phone: '+44 20 7946 0000', birthDate: '1990-01-02', nationalId: 'QQ123456C' }],
      request: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=1' } },
      auth: { access_token: 'tok-1', refreshToken: 'tok-2', clientSecret: 'sec-1', password: 'pw-1', privateKey: 'pk-1' },
    });
    const raw = out.raw();
    for (const secret of ['250.00', '251.00', '252.00', '98000', '90000', '7946', '1990-01-02', 'QQ123456C', 'abc.def', 'sid=1', 'tok-1', 'tok-2', 'sec-1', 'pw-1', 'pk-1', 'ana@example.com']) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).toContain('[redacted]');
  });

  it('keeps ordinary fields, including words that merely contain "rate"', () => {
    const out = captureStream();
    createLogger({ destination: out.stream }).info({ migrated: 3, generatedAt: 'x', corporate: true, rateLimitRemaining: 10, tokenUrl: 'https://t', amount: '10.00' });
    expect(out.lines()[0]).toMatchObject({ migrated: 3, generatedAt: 'x', corporate: true, rateLimitRemaining: 10, tokenUrl: 'https://t', amount: '10.00' });
  });

  it('puts the correlation id on every line of a child logger', () => {
    const out = captureStream();
    const logger = withCorrelationId(createLogger({ destination: out.stream }), 'corr-42', { flow: 'deal-to-project' });
    logger.info('one');
    logger.child({ step: 'create-project' }).error('two');
    expect(out.lines().map((l) => [l.msg, l.correlationId, l.flow, l.level])).toEqual([
      ['one', 'corr-42', 'deal-to-project', 'info'],
      ['two', 'corr-42', 'deal-to-project', 'error'],
    ]);
  });

  it('honours the level and takes time from the injected clock', () => {
    const out = captureStream();
    const logger = createLogger({ destination: out.stream, level: 'warn', now: () => new Date('2026-03-31T23:59:00Z') });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.lines()).toEqual([expect.objectContaining({ msg: 'shown', time: '2026-03-31T23:59:00.000Z' })]);
  });

  it('leaves errors to the err serializer (message and stack kept)', () => {
    const out = captureStream();
    createLogger({ destination: out.stream }).error({ err: new Error('vendor said no') }, 'failed');
    const err = out.lines()[0]?.err as { message: string; stack: string };
    expect(err.message).toBe('vendor said no');
    expect(err.stack).toContain('Error: vendor said no');
  });
});

describe('redact', () => {
  it('classifies field names', () => {
    for (const key of ['costRate', 'billRate', 'rate', 'fxRate', 'cost_rate', 'salary', 'access_token', 'Authorization', 'x-api-key', 'email', 'dateOfBirth', 'ssn']) {
      expect(isSensitiveKey(key), key).toBe(true);
    }
    for (const key of ['hours', 'amount', 'currency', 'generated', 'corporate', 'accurate', 'retryAfter', 'tokenUrl', 'x-ratelimit-remaining', 'payment']) {
      expect(isSensitiveKey(key), key).toBe(false);
    }
  });

  it('survives cycles and leaves the input untouched', () => {
    const input: Record<string, unknown> = { costRate: '1', nested: { ok: 1 } };
    input.self = input;
    const output = redact(input);
    expect(output).toEqual({ costRate: REDACTED, nested: { ok: 1 }, self: '[circular]' });
    expect(input.costRate).toBe('1');
  });
});
