/**
 * The Salesforce REST calls the firm's users make (through their own connected app `firm-users`):
 * create and update sObjects and run SOQL. Tokens are cached and renewed once on INVALID_SESSION_ID.
 */
import { z } from 'zod';
import { FirmApiError, sendRequest } from './http-request.js';

const tokenResponseSchema = z.object({ access_token: z.string(), instance_url: z.string().optional() });
const createResponseSchema = z.object({ id: z.string(), success: z.boolean() });
const queryResponseSchema = z.object({
  totalSize: z.number(),
  done: z.boolean(),
  records: z.array(z.record(z.string(), z.unknown())),
  nextRecordsUrl: z.string().optional(),
});

const collectionResultsSchema = z.array(z.object({
  id: z.string().optional(),
  success: z.boolean(),
  errors: z.array(z.object({ statusCode: z.string().optional(), errorCode: z.string().optional(), message: z.string() })),
}));

/** Field values as Salesforce takes them on the wire. */
export type SObjectFields = Record<string, string | number | boolean | null>;

/** One record's outcome in a collection call: its id, or the vendor's reason for refusing it. */
export type RecordOutcome = { ok: true; id: string } | { ok: false; reason: string };

/** sObject Collections take at most 200 records per call. */
const COLLECTION_LIMIT = 200;

export interface FirmSalesforceApi {
  create(sobject: string, fields: SObjectFields): Promise<string>;
  update(sobject: string, id: string, fields: SObjectFields): Promise<void>;
  /** Creates many records (allOrNone false: one refusal never blocks the others), in order. */
  createMany(sobject: string, records: SObjectFields[]): Promise<RecordOutcome[]>;
  /** Updates many records (allOrNone false), in order. */
  updateMany(sobject: string, updates: Array<{ id: string; fields: SObjectFields }>): Promise<RecordOutcome[]>;
  query(soql: string): Promise<Record<string, unknown>[]>;
}

/** Creates the client; no request is made until the first call. */
export function createFirmSalesforceApi(config: {
  baseUrl: string;
  tokenUrl?: string;
  clientId: string;
  clientSecret: string;
  apiVersion: string;
}): FirmSalesforceApi {
  const tokenUrl = config.tokenUrl ?? `${config.baseUrl}/services/oauth2/token`;
  const dataUrl = `${config.baseUrl}/services/data/v${config.apiVersion}`;
  let token: string | undefined;

  // Salesforce OAuth 2.0 client credentials flow:
  // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm
  const login = async (): Promise<string> => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: config.clientId, client_secret: config.clientSecret });
    const response = await sendRequest('POST', tokenUrl, { form });
    token = tokenResponseSchema.parse(response.body).access_token;
    return token;
  };

  const authorized = async (method: string, url: string, json?: unknown) => {
    const attempt = async (bearer: string) => sendRequest(method, url, { headers: { authorization: `Bearer ${bearer}` }, json });
    try {
      return await attempt(token ?? (await login()));
    } catch (error) {
      if (error instanceof FirmApiError && error.status === 401) return attempt(await login());
      throw error;
    }
  };

  const collection = async (method: 'POST' | 'PATCH', records: Array<Record<string, unknown>>): Promise<RecordOutcome[]> => {
    const outcomes: RecordOutcome[] = [];
    for (let start = 0; start < records.length; start += COLLECTION_LIMIT) {
      const chunk = records.slice(start, start + COLLECTION_LIMIT);
      const response = await authorized(method, `${dataUrl}/composite/sobjects`, { allOrNone: false, records: chunk });
      for (const result of collectionResultsSchema.parse(response.body)) {
        const error = result.errors[0];
        outcomes.push(result.success && result.id
          ? { ok: true, id: result.id }
          : { ok: false, reason: `400 ${error?.statusCode ?? error?.errorCode ?? 'UNKNOWN'}: ${error?.message ?? 'refused'}` });
      }
    }
    return outcomes;
  };

  return {
    // sObject Collections: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
    createMany: (sobject, records) => collection('POST', records.map((fields) => ({ attributes: { type: sobject }, ...fields }))),
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
    updateMany: (sobject, updates) => collection('PATCH', updates.map(({ id, fields }) => ({ attributes: { type: sobject }, id, ...fields }))),
    // POST /services/data/vXX.X/sobjects/{Obj}: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
    async create(sobject, fields) {
      const response = await authorized('POST', `${dataUrl}/sobjects/${sobject}`, fields);
      return createResponseSchema.parse(response.body).id;
    },
    // PATCH /services/data/vXX.X/sobjects/{Obj}/{Id}: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm
    async update(sobject, id, fields) {
      await authorized('PATCH', `${dataUrl}/sobjects/${sobject}/${id}`, fields);
    },
    // GET /query?q= with nextRecordsUrl paging: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
    async query(soql) {
      const records: Record<string, unknown>[] = [];
      let url: string | undefined = `${dataUrl}/query?q=${encodeURIComponent(soql)}`;
      while (url !== undefined) {
        const page = queryResponseSchema.parse((await authorized('GET', url)).body);
        records.push(...page.records);
        url = page.done || page.nextRecordsUrl === undefined ? undefined : new URL(page.nextRecordsUrl, config.baseUrl).toString();
      }
      return records;
    },
  };
}
