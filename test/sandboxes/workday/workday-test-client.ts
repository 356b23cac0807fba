/** Small HTTP helpers the Workday sandbox tests share (a client as a connector would write it). */
import { XMLParser } from 'fast-xml-parser';
import type { RunningWorkdaySandbox } from '../../../src/sandboxes/workday/workday-sandbox.js';

/** Exchanges the refresh token for an access token (client credentials as HTTP Basic). */
export async function fetchAccessToken(sandbox: RunningWorkdaySandbox): Promise<string> {
  const { tokenUrl, clientId, clientSecret, refreshToken } = sandbox.credentials;
  const response = await fetch(tokenUrl!, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken! }).toString(),
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Builds a Get_Workers_Request envelope around `inner` (already `bsvc:`-prefixed XML). */
export function getWorkersEnvelope(inner: string, header = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:bsvc="urn:com.workday/bsvc">
  <soapenv:Header>${header}</soapenv:Header>
  <soapenv:Body>
    <bsvc:Get_Workers_Request bsvc:version="v44.0">${inner}</bsvc:Get_Workers_Request>
  </soapenv:Body>
</soapenv:Envelope>`;
}

/** POSTs a SOAP envelope; returns the status and the parsed XML (namespace prefixes removed). */
export async function postSoap(
  sandbox: RunningWorkdaySandbox,
  envelope: string,
  token?: string,
): Promise<{ status: number; xml: string; doc: SoapDoc }> {
  const response = await fetch(sandbox.credentials.soapUrl!, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: envelope,
  });
  const xml = await response.text();
  return { status: response.status, xml, doc: soapParser.parse(xml) as SoapDoc };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SoapDoc = any;

const soapParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['Worker', 'ID', 'Worker_Organization_Data', 'Transaction_Log_Entry'].includes(name),
});

/** The workers of a parsed Get_Workers_Response (empty when none). */
export function workersOf(doc: SoapDoc): SoapDoc[] {
  return doc.Envelope.Body.Get_Workers_Response.Response_Data?.Worker ?? [];
}

/** The Response_Results block of a parsed Get_Workers_Response. */
export function resultsOf(doc: SoapDoc): { Total_Results: string; Total_Pages: string; Page_Results: string; Page: string } {
  return doc.Envelope.Body.Get_Workers_Response.Response_Results;
}

/** The Employee_ID / Contingent_Worker_ID of each worker. */
export function employeeIdsOf(doc: SoapDoc): string[] {
  return workersOf(doc).map((w: SoapDoc) => w.Worker_Data.Worker_ID as string);
}
