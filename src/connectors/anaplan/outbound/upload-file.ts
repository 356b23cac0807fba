import { gzipSync } from 'node:zlib';
import type { AnaplanClient } from '../client.js';

/** Options of {@link uploadFile}. */
export interface UploadFileOptions {
  fileId: string;
  content: Buffer | string;
  /** Bytes per chunk before compression (default 10 MiB). */
  chunkSizeBytes?: number | undefined;
  /** Gzip each chunk (default true). */
  gzip?: boolean | undefined;
}

/** What was uploaded. */
export interface UploadedFile {
  chunkCount: number;
  bytes: number;
  bytesSent: number;
}

/**
 * Uploads an import data source in chunks: declare the chunk count, then PUT each chunk from 0
 * (gzipped when asked; Anaplan takes compressed chunks as `application/x-gzip`). An empty file is one
 * empty chunk. Re-uploading replaces the file, so a retried upload is harmless.
 * Vendor doc: https://anaplanbulkapi20.docs.apiary.io/ — "Upload a file in chunks"
 * (`POST /files/{fileId}` `{chunkCount}`, `PUT /files/{fileId}/chunks/{chunkId}`).
 */
export async function uploadFile(client: AnaplanClient, options: UploadFileOptions): Promise<UploadedFile> {
  const content = typeof options.content === 'string' ? Buffer.from(options.content, 'utf8') : options.content;
  const size = Math.max(1, options.chunkSizeBytes ?? 10 * 1024 * 1024);
  const gzip = options.gzip ?? true;
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < content.length; offset += size) chunks.push(content.subarray(offset, offset + size));
  if (chunks.length === 0) chunks.push(Buffer.alloc(0));
  const fileId = encodeURIComponent(options.fileId);
  await client.send({ method: 'POST', path: `/files/${fileId}`, json: { chunkCount: chunks.length } });
  let bytesSent = 0;
  for (const [index, chunk] of chunks.entries()) {
    const body = gzip ? gzipSync(chunk) : chunk;
    bytesSent += body.length;
    await client.send({
      method: 'PUT',
      path: `/files/${fileId}/chunks/${index}`,
      headers: { 'content-type': gzip ? 'application/x-gzip' : 'application/octet-stream' },
      raw: body,
    });
  }
  return { chunkCount: chunks.length, bytes: content.length, bytesSent };
}
