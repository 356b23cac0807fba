import { NonRetryableError } from '../../../runtime/errors.js';
import type { AnaplanClient } from '../client.js';
import { parseCsv } from '../csv.js';
import { parseFailureDump, type FailureDumpRow } from '../mappers/actuals-csv.js';
import { chunkListSchema } from '../schemas.js';

/**
 * Downloads an import task's failure dump (the rows Anaplan refused, each with its error), chunk by
 * chunk; each chunk is a CSV with its own header.
 * Vendor doc: https://anaplanbulkapi20.docs.apiary.io/ — "Download import failure dump"
 * (`GET /imports/{importId}/tasks/{taskId}/dump/chunks`, `.../dump/chunks/{chunkId}`).
 */
export async function fetchFailureDump(client: AnaplanClient, options: { importId: string; taskId: string }): Promise<FailureDumpRow[]> {
  const base = `/imports/${encodeURIComponent(options.importId)}/tasks/${encodeURIComponent(options.taskId)}/dump/chunks`;
  const list = chunkListSchema.safeParse((await client.send({ method: 'GET', path: base })).body);
  if (!list.success) {
    throw new NonRetryableError(`${client.connection}: failure dump: unexpected chunk list: ${list.error.message}`, { kind: 'validation', connection: client.connection });
  }
  const rows: FailureDumpRow[] = [];
  for (const chunk of list.data.chunks) {
    const response = await client.send({ method: 'GET', path: `${base}/${encodeURIComponent(chunk.id)}`, headers: { accept: 'text/csv, application/octet-stream' } });
    const text = typeof response.body === 'string' ? response.body : '';
    rows.push(...parseFailureDump(parseCsv(text)));
  }
  return rows;
}
