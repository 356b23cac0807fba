/**
 * The NetSuite REST calls an accounts-receivable clerk's tooling makes: list open invoices with SuiteQL
 * and record customer payments. Auth is OAuth 2.0 client credentials with a signed JWT assertion.
 */
import { SignJWT, importPKCS8 } from 'jose';
import { z } from 'zod';
import { FirmApiError, sendRequest } from './http-request.js';

const tokenResponseSchema = z.object({ access_token: z.string() });
const suiteqlPageSchema = z.object({
  items: z.array(z.record(z.string(), z.unknown())),
  hasMore: z.boolean(),
});

export interface FirmNetSuiteApi {
  suiteql(query: string): Promise<Record<string, unknown>[]>;
  /** Creates a record; returns the internal id from the `Location` header. */
  create(record: string, body: Record<string, unknown>): Promise<string>;
}

/** Creates the client; `now` is the simulated instant, so the assertion is valid on the sandbox's clock. */
export function createFirmNetSuiteApi(config: {
  baseUrl: string;
  tokenUrl?: string;
  clientId: string;
  certificateId: string;
  privateKeyPem: string;
  algorithm: 'PS256' | 'RS256' | 'ES256';
  now: () => Date;
}): FirmNetSuiteApi {
  const tokenUrl = config.tokenUrl ?? `${config.baseUrl}/services/rest/auth/oauth2/v1/token`;
  let token: string | undefined;

  // OAuth 2.0 client credentials (M2M) with a JWT assertion:
  // https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_162730264820.html
  const login = async (): Promise<string> => {
    const key = await importPKCS8(config.privateKeyPem, config.algorithm);
    const issuedAt = Math.floor(config.now().getTime() / 1000);
    const assertion = await new SignJWT({ scope: ['restlets', 'rest_webservices'] })
      .setProtectedHeader({ alg: config.algorithm, typ: 'JWT', kid: config.certificateId })
      .setIssuer(config.clientId)
      .setAudience(tokenUrl)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 3600)
      .sign(key);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    token = tokenResponseSchema.parse((await sendRequest('POST', tokenUrl, { form })).body).access_token;
    return token;
  };

  const authorized = async (method: string, url: string, json: unknown, headers: Record<string, string> = {}) => {
    const attempt = async (bearer: string) => sendRequest(method, url, { headers: { ...headers, authorization: `Bearer ${bearer}` }, json });
    try {
      return await attempt(token ?? (await login()));
    } catch (error) {
      if (error instanceof FirmApiError && error.status === 401) return attempt(await login());
      throw error;
    }
  };

  return {
    // SuiteQL: https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_157909186990.html
    async suiteql(query) {
      const rows: Record<string, unknown>[] = [];
      for (let offset = 0; ; offset += 1000) {
        const url = `${config.baseUrl}/services/rest/query/v1/suiteql?limit=1000&offset=${offset}`;
        const page = suiteqlPageSchema.parse((await authorized('POST', url, { q: query }, { prefer: 'transient' })).body);
        rows.push(...page.items);
        if (!page.hasMore) return rows;
      }
    },
    // Record create -> 204 + Location: https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_1545141395.html
    async create(record, body) {
      const response = await authorized('POST', `${config.baseUrl}/services/rest/record/v1/${record}`, body);
      const location = response.headers.get('location');
      const id = location?.split('/').pop();
      if (!id) throw new Error(`NetSuite create ${record} answered ${response.status} without a Location header`);
      return id;
    },
  };
}
