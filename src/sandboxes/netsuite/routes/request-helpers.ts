import type { FastifyReply, FastifyRequest } from 'fastify';
import { NetSuiteError } from '../errors.js';
import type { PropertyNameValidation } from '../records/parse-body.js';
import type { RecordTypeSpec } from '../records/field-spec.js';
import { findRecordType } from '../records/record-types.js';

/** Helpers the NetSuite routes share: base URL, Prefer header, content types. */

/** `http://host:port` as the caller addressed the sandbox. */
export function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.hostname}`;
}

/** The preferences in `Prefer` (comma separated, case-insensitive), e.g. respond-async, transient. */
export function preferences(request: FastifyRequest): Set<string> {
  const header = request.headers.prefer;
  const text = Array.isArray(header) ? header.join(',') : header ?? '';
  return new Set(text.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean));
}

/** The record type named in the path, or 404. */
export function recordSpecOf(name: string): RecordTypeSpec {
  const spec = findRecordType(name);
  if (!spec) throw new NetSuiteError('NONEXISTENT_ID', `Record type '${name}' does not exist.`, { path: 'record' });
  return spec;
}

/** X-NetSuite-PropertyNameValidation (Error by default). */
export function nameValidationOf(request: FastifyRequest): PropertyNameValidation {
  const value = String(request.headers['x-netsuite-propertynamevalidation'] ?? 'Error').toLowerCase();
  return value === 'ignore' ? 'Ignore' : value === 'warning' ? 'Warning' : 'Error';
}

/** X-NetSuite-Idempotency-Key, if sent. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const value = request.headers['x-netsuite-idempotency-key'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** NetSuite's media types. */
export const mediaTypes = {
  singular: 'application/vnd.oracle.resource+json; type=singular; charset=utf-8',
  collection: 'application/vnd.oracle.resource+json; type=collection; charset=utf-8',
  error: 'application/vnd.oracle.resource+json; type=error; charset=utf-8',
} as const;

/** Sends a NetSuite error reply. */
export function sendNetSuiteError(reply: FastifyReply, error: NetSuiteError): FastifyReply {
  return reply.code(error.status).header('content-type', mediaTypes.error).send(error.toBody());
}
