import { NonRetryableError } from '../../../runtime/errors.js';
import type { SalesforceClient } from '../client.js';
import { compositeResponseSchema } from '../schemas.js';

/** Salesforce's limit of subrequests per composite call. */
export const COMPOSITE_LIMIT = 25;

/** One subrequest; `url` relative to the data root (`/sobjects/Account`) or absolute (`/services/data/...`). */
export interface CompositeSubrequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  referenceId: string;
  body?: unknown;
}

/** One subrequest's answer. */
export interface CompositeSubresponse {
  referenceId: string;
  httpStatusCode: number;
  body: unknown;
}

/**
 * Runs up to 25 dependent subrequests in one call (`@{ref.id}` references); one API call of the
 * daily allowance. With `allOrNone` a failure rolls all of them back.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm
 */
export async function composite(
  client: SalesforceClient,
  input: { allOrNone: boolean; subrequests: readonly CompositeSubrequest[] },
): Promise<CompositeSubresponse[]> {
  if (input.subrequests.length > COMPOSITE_LIMIT) {
    throw new NonRetryableError(`${client.connection}: composite takes at most ${COMPOSITE_LIMIT} subrequests, got ${input.subrequests.length}`, { kind: 'validation', connection: client.connection });
  }
  const root = `/services/data/${client.apiVersion}`;
  const response = await client.send({
    method: 'POST',
    path: '/composite',
    json: {
      allOrNone: input.allOrNone,
      compositeRequest: input.subrequests.map((sub) => ({
        method: sub.method,
        url: sub.url.startsWith('/services/') ? sub.url : `${root}${sub.url}`,
        referenceId: sub.referenceId,
        ...(sub.body !== undefined ? { body: sub.body } : {}),
      })),
    },
  });
  return compositeResponseSchema.parse(response.body).compositeResponse.map((r) => ({ referenceId: r.referenceId, httpStatusCode: r.httpStatusCode, body: r.body }));
}
