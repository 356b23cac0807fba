import { describe, expect, it } from 'vitest';
import { classifySalesforceError, salesforceErrorOf } from '../../../src/connectors/salesforce/classify-error.js';
import {
  collectionResultSchema, errorBodySchema, queryResultSchema, saveResultSchema, tokenResponseSchema,
} from '../../../src/connectors/salesforce/schemas.js';
import { createManualClock } from '../../../src/runtime/clock.js';
import { contractBody, loadContract } from '../../contracts/contract.js';

/** The connector's zod schemas and error reading on Salesforce's documented payloads (test/contracts/salesforce/). */
describe('Salesforce connector on the documented payloads', () => {
  const context = { clock: createManualClock('2026-03-04T10:00:00Z'), connection: 'salesforce', what: 'POST Account' };

  it('OAuth client credentials token response', () => {
    expect(tokenResponseSchema.parse(contractBody('salesforce', 'oauth.token.client-credentials'))).toMatchObject({
      access_token: expect.any(String), instance_url: 'https://throughline-demo.my.salesforce.com', token_type: 'Bearer', issued_at: '1772442000000',
    });
  });

  it('create 201 {id, success, errors} and the collections upsert results, a failed one with statusCode', () => {
    expect(saveResultSchema.parse(contractBody('salesforce', 'sobject.create.201'))).toEqual({ id: '001D000000IqhSLIAZ', success: true, errors: [] });
    const results = collectionResultSchema.parse(contractBody('salesforce', 'composite.sobjects.upsert'));
    expect(results.map((r) => [r.success, r.created, r.errors[0]?.statusCode])).toEqual([[true, true, undefined], [true, false, undefined], [false, undefined, 'REQUIRED_FIELD_MISSING']]);
  });

  it('query: the envelope with attributes {type, url} and nextRecordsUrl', () => {
    const page = queryResultSchema.parse(contractBody('salesforce', 'query.accounts'));
    expect(page).toMatchObject({ totalSize: 3, done: false, nextRecordsUrl: '/services/data/v61.0/query/01gRO0000016PIAYA2-2' });
    expect(page.records.map((r) => r.attributes?.type)).toEqual(['Account', 'Account']);
  });

  it('error arrays: the message, errorCode and fields, classified as non-retryable', () => {
    for (const name of ['sobject.create.invalid-field.400', 'error.malformed-id']) {
      const { status, body } = loadContract('salesforce', name).response;
      expect(errorBodySchema.safeParse(body).success).toBe(true);
      expect(classifySalesforceError({ status: status!, headers: {}, body }, context)).toMatchObject({ name: 'NonRetryableError' });
    }
    const malformed = loadContract('salesforce', 'error.malformed-id').response;
    expect(salesforceErrorOf({ status: malformed.status!, headers: {}, body: malformed.body })).toEqual({
      message: 'Account ID: id value of incorrect type: 0038d0000000001AAA', code: 'MALFORMED_ID', fields: ['AccountId'],
    });
  });
});
