/**
 * SOAP 1.1 plumbing for the Workday sandbox: one parser configuration (namespace prefixes dropped,
 * attributes kept as `@_name`), the response envelope, and Workday-style `env:Fault` bodies.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const WORKDAY_BSVC_NS = 'urn:com.workday/bsvc';

/** Elements that may repeat in a request and so are always read as arrays. */
const repeatable = new Set(['ID', 'Worker_Reference', 'Transaction_Log_Criteria_Data']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => repeatable.has(name),
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  suppressEmptyNode: false,
});

/** Parses a SOAP request body; throws when the XML is not well-formed. */
export function parseSoap(xml: string): { header: Record<string, unknown>; body: Record<string, unknown> } {
  const doc = parser.parse(xml, true) as Record<string, unknown>;
  const envelope = doc['Envelope'];
  if (!isRecord(envelope) || !isRecord(envelope['Body'])) throw new Error('not a SOAP envelope: no Envelope/Body');
  return { header: isRecord(envelope['Header']) ? envelope['Header'] : {}, body: envelope['Body'] };
}

/** Wraps a body element (keys already prefixed `wd:`) in an `env:Envelope`. */
export function buildSoapEnvelope(body: Record<string, unknown>): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    builder.build({ 'env:Envelope': { '@_xmlns:env': SOAP_ENV_NS, 'env:Body': body } })
  );
}

/** Workday fault codes used by the sandbox. */
export type SoapFaultCode = 'env:Client.validationError' | 'env:Client.authenticationError' | 'env:Client' | 'env:Server';

/** A SOAP fault as Workday sends it (SOAP 1.1: HTTP 500 for every fault). */
export function buildSoapFault(code: SoapFaultCode, message: string, xpath?: string): string {
  const detail =
    code === 'env:Client.validationError'
      ? {
          detail: {
            'wd:Validation_Fault': {
              '@_xmlns:wd': WORKDAY_BSVC_NS,
              'wd:Validation_Error': { 'wd:Message': message, 'wd:Detail_Message': message, ...(xpath ? { 'wd:Xpath': xpath } : {}) },
            },
          },
        }
      : {};
  return buildSoapEnvelope({ 'env:Fault': { faultcode: code, faultstring: message, ...detail } });
}

/** Text of an element parsed with attributes (`{ '#text': ... }`) or without. */
export function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (isRecord(node) && node['#text'] !== undefined) return String(node['#text']);
  return undefined;
}

/** True for a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
