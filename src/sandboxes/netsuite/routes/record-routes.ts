import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jobLocation, submitJob, type AsyncTask } from '../async/async-job.js';
import { NetSuiteError } from '../errors.js';
import { collectionPage, readPaging } from '../query/collection-page.js';
import { parseQ } from '../query/q-filter.js';
import type { RecordTypeSpec } from '../records/field-spec.js';
import { createRecord, deleteRecord, requireRecord, updateRecord, upsertRecord } from '../records/record-service.js';
import { recordApiRoot, renderRecord, renderSublist, selfLinks } from '../records/render.js';
import type { NetSuiteContext } from './netsuite-context.js';
import { baseUrlOf, idempotencyKeyOf, mediaTypes, nameValidationOf, preferences, recordSpecOf } from './request-helpers.js';

/**
 * The REST record service: `/services/rest/record/v1/{record}[/{id}]`.
 * Vendor doc: NetSuite Help "Working with Records" (create 204 + Location, PATCH, upsert by
 * `eid:`, DELETE, record collection reads with `q`, asynchronous requests).
 */
export function registerRecordRoutes(app: FastifyInstance, context: NetSuiteContext): void {
  const { store } = context;
  type Params = { record: string; id: string; sublist: string };
  type Query = Record<string, string | undefined>;

  const writeOptions = (request: FastifyRequest) => {
    const replace = String((request.query as Query).replace ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return { nameValidation: nameValidationOf(request), replace: new Set(replace) };
  };

  /**
   * 202 + the job's host-relative Location. A repeated idempotency key submits nothing: NetSuite answers
   * 400 IDEMPOTENCY_ERROR (title "Conflict") with the earlier job's Location (NetSuite Help "Sending an
   * Asynchronous Request Using an Idempotency Key").
   */
  const acceptAsync = (request: FastifyRequest, reply: FastifyReply, tasks: Omit<AsyncTask, 'id'>[]) => {
    const { job, isNew } = submitJob(store, tasks, idempotencyKeyOf(request), context.now());
    if (!isNew) {
      const body = new NetSuiteError('IDEMPOTENCY_ERROR', 'A request with the same idempotency key is already submitted. See the "Location" header for a link to the previously submitted job').toBody();
      return reply.code(400).header('location', jobLocation(job.id)).header('preference-applied', 'respond-async').send({ ...body, title: 'Conflict' });
    }
    context.scheduleJob(job.id);
    return reply.code(202)
      .header('location', jobLocation(job.id))
      .header('preference-applied', 'respond-async')
      .send();
  };

  const written = (request: FastifyRequest, reply: FastifyReply, spec: RecordTypeSpec, id: string) => {
    const location = `${recordApiRoot(baseUrlOf(request))}/${spec.name}/${id}`;
    if (preferences(request).has('return=representation')) {
      return reply.code(200).header('location', location).header('content-type', mediaTypes.singular)
        .send(renderRecord(spec, store.get(spec.name, id)!, store, baseUrlOf(request)));
    }
    return reply.code(204).header('location', location).send();
  };

  // List: GET /{record}?limit=&offset=&q=
  app.get('/record/v1/:record', async (request, reply) => {
    const spec = recordSpecOf((request.params as Params).record);
    const query = request.query as Query;
    const paging = readPaging(query);
    const filter = query.q ? parseQ(spec, query.q) : () => true;
    const root = `${recordApiRoot(baseUrlOf(request))}/${spec.name}`;
    const ids = store.list(spec.name).filter(filter).map((record) => ({ links: selfLinks(`${root}/${record.id}`), id: record.id }));
    const href = (limit: number, offset: number) => {
      const params = new URLSearchParams({ ...(query.q ? { q: query.q } : {}), limit: String(limit), offset: String(offset) });
      return `${root}?${params.toString()}`;
    };
    return reply.header('content-type', mediaTypes.collection).send(collectionPage(ids, paging, href));
  });

  // Create: POST /{record} -> 204 + Location (200 + body with Prefer: return=representation)
  app.post('/record/v1/:record', async (request, reply) => {
    const spec = recordSpecOf((request.params as Params).record);
    if (preferences(request).has('respond-async')) {
      return acceptAsync(request, reply, [{ operation: 'create', recordType: spec.name, body: request.body }]);
    }
    const { record } = createRecord(store, spec, request.body, writeOptions(request));
    return written(request, reply, spec, record.id);
  });

  // Collection upsert / update: PUT|PATCH /{record} with { items } — asynchronous only (2026.1).
  const collectionWrite = (operation: 'upsert' | 'update') => async (request: FastifyRequest, reply: FastifyReply) => {
    const spec = recordSpecOf((request.params as Params).record);
    if (!preferences(request).has('respond-async')) {
      throw new NetSuiteError('INVALID_PARAMETER', 'Collection requests are processed asynchronously only. Send the header Prefer: respond-async.', { path: 'Prefer' });
    }
    const items = (request.body as { items?: unknown } | undefined)?.items;
    if (!Array.isArray(items) || items.length === 0) {
      throw new NetSuiteError('INVALID_CONTENT', 'The request body must be { "items": [ ... ] } with at least one record.', { path: 'items' });
    }
    const tasks = items.map((item, index): Omit<AsyncTask, 'id'> => {
      const record = (item ?? {}) as Record<string, unknown>;
      if (operation === 'upsert') {
        if (typeof record.externalId !== 'string' || record.externalId === '') {
          throw new NetSuiteError('INVALID_CONTENT', 'Every item of a collection upsert needs an externalId.', { path: `items[${index}].externalId` });
        }
        return { operation, recordType: spec.name, key: record.externalId, body: record, replace: Object.keys(spec.sublists ?? {}) };
      }
      const key = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id)
        : typeof record.externalId === 'string' ? `eid:${record.externalId}` : undefined;
      if (!key) throw new NetSuiteError('INVALID_CONTENT', 'Every item of a collection update needs an id or externalId.', { path: `items[${index}]` });
      const { id: _id, ...body } = record;
      return { operation, recordType: spec.name, key, body };
    });
    return acceptAsync(request, reply, tasks);
  };
  app.put('/record/v1/:record', collectionWrite('upsert'));
  app.patch('/record/v1/:record', collectionWrite('update'));

  // Read: GET /{record}/{id|eid:X}?fields=&expandSubResources=
  app.get('/record/v1/:record/:id', async (request, reply) => {
    const { record: name, id } = request.params as Params;
    const spec = recordSpecOf(name);
    const query = request.query as Query;
    const record = requireRecord(store, spec, id);
    const fields = query.fields ? new Set(query.fields.split(',').map((f) => f.trim())) : undefined;
    const rendered = renderRecord(spec, record, store, baseUrlOf(request), {
      ...(fields ? { fields } : {}),
      expandSubResources: query.expandSubResources === 'true',
    });
    return reply.header('content-type', mediaTypes.singular).send(rendered);
  });

  // Sublist read: GET /{record}/{id}/{sublist}
  app.get('/record/v1/:record/:id/:sublist', async (request, reply) => {
    const { record: name, id, sublist } = request.params as Params;
    const spec = recordSpecOf(name);
    const record = requireRecord(store, spec, id);
    const sublistSpec = spec.sublists?.[sublist];
    if (!sublistSpec) throw new NetSuiteError('NONEXISTENT_ID', `Sublist '${sublist}' does not exist on ${spec.name}.`, { path: sublist });
    const href = `${recordApiRoot(baseUrlOf(request))}/${spec.name}/${record.id}/${sublist}`;
    const lines = (record[sublist] as { items?: [] } | undefined)?.items ?? [];
    return reply.header('content-type', mediaTypes.collection).send(renderSublist(sublistSpec.fields, lines, href, store, baseUrlOf(request)));
  });

  // Update: PATCH /{record}/{id|eid:X} -> 204 (omitted untouched, null clears, ?replace=sublist)
  app.patch('/record/v1/:record/:id', async (request, reply) => {
    const { record: name, id } = request.params as Params;
    const spec = recordSpecOf(name);
    if (preferences(request).has('respond-async')) {
      return acceptAsync(request, reply, [{ operation: 'update', recordType: spec.name, key: id, body: request.body, replace: [...writeOptions(request).replace] }]);
    }
    const { record } = updateRecord(store, spec, id, request.body, writeOptions(request));
    return written(request, reply, spec, record.id);
  });

  // Upsert: PUT /{record}/eid:{externalId} -> 204 + Location, created or updated alike.
  app.put('/record/v1/:record/:id', async (request, reply) => {
    const { record: name, id } = request.params as Params;
    const spec = recordSpecOf(name);
    if (!id.startsWith('eid:') || id.length <= 4) {
      throw new NetSuiteError('INVALID_PARAMETER', 'PUT (upsert) requires an external id in the path: /{record}/eid:{externalId}.', { path: 'id' });
    }
    if (preferences(request).has('respond-async')) {
      return acceptAsync(request, reply, [{ operation: 'upsert', recordType: spec.name, key: id.slice(4), body: request.body }]);
    }
    const { record } = upsertRecord(store, spec, id.slice(4), request.body, writeOptions(request));
    return written(request, reply, spec, record.id);
  });

  // Delete: DELETE /{record}/{id|eid:X} -> 204
  app.delete('/record/v1/:record/:id', async (request, reply) => {
    const { record: name, id } = request.params as Params;
    const spec = recordSpecOf(name);
    if (preferences(request).has('respond-async')) {
      return acceptAsync(request, reply, [{ operation: 'delete', recordType: spec.name, key: id }]);
    }
    deleteRecord(store, spec, id);
    return reply.code(204).send();
  });
}
