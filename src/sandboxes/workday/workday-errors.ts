/** How the Workday sandbox formats errors the kit injects (maintenance, throttling, server faults). */
import type { FormattedError } from '../kit/server.js';
import type { FaultErrorKind } from '../kit/faults.js';
import { buildSoapFault } from './soap/soap-xml.js';

/**
 * Server errors come back as a SOAP `env:Server` fault (what SOAP clients parse; REST clients only
 * read the status); 503 is the HTML maintenance page; 429 is a small JSON body without Retry-After.
 */
export function formatWorkdayError(kind: FaultErrorKind, status: number): FormattedError {
  if (kind === 'throttled') {
    return { status, headers: { 'content-type': 'application/json' }, body: { error: 'Too many requests', code: 'S429' } };
  }
  if (kind === 'unavailable') {
    return {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<html><body><h1>Service Unavailable</h1><p>Workday is currently unavailable.</p></body></html>',
    };
  }
  return {
    status,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: buildSoapFault('env:Server', 'An internal error occurred'),
  };
}
