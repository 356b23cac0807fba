import { describe, expect, it } from 'vitest';
import { classifyNetSuiteError } from '../../../src/connectors/netsuite/classify-error.js';
import { createManualClock } from '../../../src/runtime/clock.js';

const clock = createManualClock('2026-03-15T12:00:00.000Z');
const body = (status: number, code: string, detail: string) => ({
  type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1', title: 'Bad Request', status,
  'o:errorDetails': [{ detail, 'o:errorCode': code }],
});
const classify = (status: number, responseBody: unknown) =>
  classifyNetSuiteError({ status, headers: {}, body: responseBody }, { clock, connection: 'netsuite', what: 'PUT /record/v1/customer/eid:X' });

describe('classifyNetSuiteError', () => {
  it.each([
    [400, 'INVALID_CONTENT', 'Invalid field \'foo\' for record type customer.'],
    [400, 'USER_ERROR', 'The accounting period Jan 2026 is closed.'],
    [400, 'INVALID_KEY_OR_REF', "Invalid 'employee' reference key id 9."],
  ])('%i %s -> NonRetryableError with the detail and code', (status, code, detail) => {
    const error = classify(status, body(status, code, detail));
    expect(error).toMatchObject({ name: 'NonRetryableError', details: { vendorCode: code, status, kind: 'validation' } });
    expect(error.message).toContain(detail);
  });

  it('429 and 401 CONCURRENCY_LIMIT_EXCEEDED -> a short RetryAfterError the governor reads as a throttle', () => {
    for (const status of [429, 401]) {
      const error = classify(status, body(status, 'CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded. Request blocked.'));
      expect(error).toMatchObject({ name: 'RetryAfterError', details: { kind: 'concurrency_limit', vendorCode: 'CONCURRENCY_LIMIT_EXCEEDED' } });
      expect((error as unknown as { retryAt: Date }).retryAt.getTime() - clock.now().getTime()).toBe(250);
    }
  });

  it('5xx -> RetryableError; 404 -> NonRetryableError kind not_found; a text body keeps its words', () => {
    expect(classify(503, body(503, 'SERVICE_UNAVAILABLE', 'Try again later.'))).toMatchObject({ name: 'RetryableError', details: { status: 503 } });
    expect(classify(404, body(404, 'NONEXISTENT_ID', 'Record does not exist.'))).toMatchObject({ name: 'NonRetryableError', details: { kind: 'not_found' } });
    expect(classify(502, 'upstream gone').message).toContain('upstream gone');
  });
});
