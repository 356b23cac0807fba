/**
 * SOAP 1.1 plumbing of the Workday connector: one fast-xml-parser configuration (namespace prefixes
 * dropped, attributes as `@_name`, no value coercion, repeating elements always arrays) and escaping
 * for the requests the connector writes.
 */
import { XMLParser } from 'fast-xml-parser';

/** Elements that may repeat and so are always read as arrays. */
const repeatable = new Set(['ID', 'Worker', 'Worker_Job_Data', 'Worker_Organization_Data', 'Transaction_Log_Entry', 'Email_Address_Data']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => repeatable.has(name),
});

/** Parses a SOAP envelope and returns its Body (throws when it is not well-formed SOAP). */
export function soapBodyOf(xml: string): Record<string, unknown> {
  const doc = parser.parse(xml, true) as Record<string, unknown>;
  const envelope = doc['Envelope'];
  const body = isRecord(envelope) ? envelope['Body'] : undefined;
  if (!isRecord(body)) throw new Error('not a SOAP envelope (no Envelope/Body)');
  return body;
}

/** Escapes text for an XML element or attribute. */
export function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** True for a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
