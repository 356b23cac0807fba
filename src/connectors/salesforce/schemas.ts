/**
 * zod schemas of the Salesforce REST payloads the connector reads (generic REST; Certinia objects
 * are in certinia/schemas.ts). Every response is parsed here before anything else touches it.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/
 */
import { z } from 'zod';

/** One entry of Salesforce's error array `[{message, errorCode, fields}]` (collections say `statusCode`). */
export const salesforceErrorSchema = z.looseObject({
  message: z.string().optional(),
  errorCode: z.string().optional(),
  statusCode: z.string().optional(),
  fields: z.array(z.string()).optional(),
});

/** A Salesforce error. */
export type SalesforceError = z.infer<typeof salesforceErrorSchema>;

/** REST error body: the array, or an OAuth `{error, error_description}`. */
export const errorBodySchema = z.union([
  z.array(salesforceErrorSchema),
  z.looseObject({ error: z.string(), error_description: z.string().optional() }),
]);

/** `POST /services/oauth2/token` answer (Salesforce sends no `expires_in`). */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  instance_url: z.string().optional(),
  token_type: z.string().optional(),
  issued_at: z.string().optional(),
});

/** Any sObject record as REST returns it: `attributes` plus fields. */
export const sobjectRecordSchema = z.looseObject({
  attributes: z.looseObject({ type: z.string(), url: z.string().optional() }).optional(),
  Id: z.string().optional(),
});

/** A record: field name -> JSON value. */
export type SObjectRecord = z.infer<typeof sobjectRecordSchema> & Record<string, unknown>;

/** `GET /query` batch. */
export const queryResultSchema = z.looseObject({
  totalSize: z.number().int(),
  done: z.boolean(),
  records: z.array(sobjectRecordSchema),
  nextRecordsUrl: z.string().optional(),
});

/** Create / upsert result `{id, success, errors, created?}` (upsert of a match may also answer 204, no body). */
export const saveResultSchema = z.looseObject({
  id: z.string().nullable().optional(),
  success: z.boolean(),
  errors: z.array(salesforceErrorSchema).default([]),
  created: z.boolean().optional(),
});

/** One save result of a collection call. */
export type SaveResult = z.infer<typeof saveResultSchema>;

/** `PATCH /composite/sobjects/{Obj}/{ExtField}` answer: one save result per record, in order. */
export const collectionResultSchema = z.array(saveResultSchema);

/** `POST /composite` answer. */
export const compositeResponseSchema = z.looseObject({
  compositeResponse: z.array(
    z.looseObject({
      body: z.unknown(),
      httpHeaders: z.record(z.string(), z.string()).default({}),
      httpStatusCode: z.number().int(),
      referenceId: z.string(),
    }),
  ),
});

/** The header of a change data capture event. */
export const changeEventHeaderSchema = z.looseObject({
  entityName: z.string(),
  recordIds: z.array(z.string()),
  changeType: z.string(),
  changeOrigin: z.string().default(''),
  transactionKey: z.string().optional(),
  sequenceNumber: z.number().optional(),
  commitTimestamp: z.number().optional(),
  commitUser: z.string().optional(),
  changedFields: z.array(z.string()).default([]),
});

/** A change event as delivered (Pub/Sub or the CometD wrapper `{schema, payload, event:{replayId}}`). */
export const changeEventSchema = z.looseObject({
  schema: z.string().optional(),
  payload: z.looseObject({ ChangeEventHeader: changeEventHeaderSchema }),
  event: z.looseObject({ replayId: z.number().optional() }).optional(),
});

/** One change event. */
export type ChangeEvent = z.infer<typeof changeEventSchema>;
