/**
 * Injected faults in Salesforce's own shape. Salesforce has no 429: request-rate pressure shows as
 * 403 REQUEST_LIMIT_EXCEEDED ("ConcurrentPerOrgLongTxn Limit exceeded"), outages as 503 SERVER_UNAVAILABLE.
 */
import { randomUUID } from 'node:crypto';
import type { FaultErrorKind } from '../kit/faults.js';
import type { FormattedError } from '../kit/server.js';

/** The kit's `formatError` for Salesforce. */
export function formatSalesforceError(kind: FaultErrorKind, status: number): FormattedError {
  const json = { 'content-type': 'application/json;charset=UTF-8' };
  switch (kind) {
    case 'throttled':
      return { status: 403, headers: json, body: [{ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] };
    case 'unavailable':
      return { status: 503, headers: json, body: [{ message: 'Server temporarily unavailable. Please try again later.', errorCode: 'SERVER_UNAVAILABLE' }] };
    case 'server_error':
      return status === 502
        ? { status: 502, headers: json, body: [{ message: 'Bad gateway', errorCode: 'SERVER_UNAVAILABLE' }] }
        : { status, headers: json, body: [{ message: `An unexpected error occurred. Please include this ErrorId if you contact support: ${randomUUID()}`, errorCode: 'UNKNOWN_EXCEPTION' }] };
  }
}
