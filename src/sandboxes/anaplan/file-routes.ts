/**
 * Integration API v2 file upload: `POST /files/{id}` `{ chunkCount }` (-1: open-ended), then
 * `PUT /files/{id}/chunks/{n}` (0-based, raw bytes, gzip when `Content-Encoding: gzip` or the bytes
 * start with the gzip magic), `POST /files/{id}/complete` for open-ended uploads,
 * `GET /files/{id}/chunks` to list them; `PUT /files/{id}` uploads a whole file as one chunk.
 * Ref: Anaplan Integration API v2, "Upload a file in chunks" / "Mark an upload complete".
 */
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { anaplanOk, sendAnaplanError } from './anaplan-responses.js';
import type { AnaplanStore } from './anaplan-store.js';
import { modelNotFound } from './catalog-routes.js';
import type { AnaplanCatalog } from './model-catalog.js';

type FileParams = { ws: string; model: string; id: string };
const FILES = '/workspaces/:ws/models/:model/files/:id';

/** Registers the file routes under the `/2/0` scope. */
export function registerAnaplanFileRoutes(api: FastifyInstance, deps: { catalog: AnaplanCatalog; store: AnaplanStore }): void {
  const { catalog, store } = deps;
  // Clients send chunks with whatever content type they like; take any body as bytes here.
  api.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const fileMeta = () => {
    const upload = store.upload(catalog.file.id);
    return { ...catalog.file, chunkCount: upload ? upload.chunkCount : 0 };
  };
  const unknownFile = (request: FastifyRequest<{ Params: FileParams }>) => request.params.id !== catalog.file.id;

  api.post<{ Params: FileParams; Body: { chunkCount?: unknown } }>(FILES, async (request, reply) => {
    if (modelNotFound(catalog, request, reply)) return reply;
    if (unknownFile(request)) return sendAnaplanError(reply, 404, `File ${request.params.id} not found`);
    const chunkCount = request.body?.chunkCount;
    if (typeof chunkCount !== 'number' || !Number.isInteger(chunkCount) || chunkCount < -1) {
      return sendAnaplanError(reply, 400, 'chunkCount must be an integer >= -1');
    }
    store.beginUpload(catalog.file.id, chunkCount);
    return anaplanOk('file', { file: fileMeta() });
  });

  api.put<{ Params: FileParams & { n: string } }>(`${FILES}/chunks/:n`, async (request, reply) => {
    if (modelNotFound(catalog, request, reply)) return reply;
    if (unknownFile(request)) return sendAnaplanError(reply, 404, `File ${request.params.id} not found`);
    const index = Number(request.params.n);
    if (!Number.isInteger(index) || index < 0) return sendAnaplanError(reply, 400, 'chunk id must be a non-negative integer');
    const bytes = chunkBytes(request);
    if (typeof bytes === 'string') return sendAnaplanError(reply, 400, bytes);
    const refused = store.putChunk(catalog.file.id, index, bytes);
    if (refused) return sendAnaplanError(reply, 400, refused);
    return reply.code(204).send();
  });

  api.put<{ Params: FileParams }>(FILES, async (request, reply) => {
    if (modelNotFound(catalog, request, reply)) return reply;
    if (unknownFile(request)) return sendAnaplanError(reply, 404, `File ${request.params.id} not found`);
    const bytes = chunkBytes(request);
    if (typeof bytes === 'string') return sendAnaplanError(reply, 400, bytes);
    store.beginUpload(catalog.file.id, 1);
    store.putChunk(catalog.file.id, 0, bytes);
    return reply.code(204).send();
  });

  api.post<{ Params: FileParams }>(`${FILES}/complete`, async (request, reply) => {
    if (modelNotFound(catalog, request, reply)) return reply;
    if (unknownFile(request)) return sendAnaplanError(reply, 404, `File ${request.params.id} not found`);
    const refused = store.completeUpload(catalog.file.id);
    if (refused) return sendAnaplanError(reply, 400, refused);
    return anaplanOk('file', { file: fileMeta() });
  });

  api.get<{ Params: FileParams }>(`${FILES}/chunks`, async (request, reply) => {
    if (modelNotFound(catalog, request, reply)) return reply;
    if (unknownFile(request)) return sendAnaplanError(reply, 404, `File ${request.params.id} not found`);
    const indexes = Object.keys(store.upload(catalog.file.id)?.chunks ?? {}).map(Number).sort((a, b) => a - b);
    return anaplanOk('chunk', { chunks: indexes.map((i) => ({ id: String(i), name: `Chunk ${i}` })) }, { currentPageSize: indexes.length, offset: 0, totalSize: indexes.length });
  });

  api.get<{ Params: FileParams & { n: string } }>(`${FILES}/chunks/:n`, async (request, reply) => {
    if (modelNotFound(catalog, request, reply)) return reply;
    const chunk = unknownFile(request) ? undefined : store.upload(catalog.file.id)?.chunks[Number(request.params.n)];
    if (!chunk) return sendAnaplanError(reply, 404, `Chunk ${request.params.n} not found`);
    return reply.type('application/octet-stream').send(Buffer.from(chunk));
  });
}

/** The chunk's bytes, gunzipped when the client compressed them; an error message when unusable. */
function chunkBytes(request: FastifyRequest): Uint8Array | string {
  const body = request.body;
  const raw = Buffer.isBuffer(body) ? body : typeof body === 'string' ? Buffer.from(body, 'utf8') : undefined;
  if (!raw) return 'the chunk body must be raw bytes (Content-Type: application/octet-stream)';
  const gzipped = /gzip/i.test(String(request.headers['content-encoding'] ?? '')) || (raw[0] === 0x1f && raw[1] === 0x8b);
  if (!gzipped) return new Uint8Array(raw);
  try {
    return new Uint8Array(gunzipSync(raw));
  } catch {
    return 'the chunk is not valid gzip data';
  }
}
