import { NonRetryableError } from '../../../runtime/errors.js';
import type { AnaplanClient } from '../client.js';
import { taskResponseSchema, type AnaplanTask } from '../schemas.js';

/**
 * Starts an import task. While another import or process runs on the model Anaplan answers 409,
 * which the client turns into RetryAfterError kind 'model_busy'.
 * Vendor doc: https://anaplanbulkapi20.docs.apiary.io/ — "Start the import" (`POST /imports/{importId}/tasks`).
 */
export async function runImport(client: AnaplanClient, options: { importId: string; localeName?: string | undefined }): Promise<AnaplanTask> {
  const response = await client.send({
    method: 'POST',
    path: `/imports/${encodeURIComponent(options.importId)}/tasks`,
    json: { localeName: options.localeName ?? 'en_US' },
  });
  const parsed = taskResponseSchema.safeParse(response.body);
  if (!parsed.success) {
    throw new NonRetryableError(`${client.connection}: start import: unexpected response: ${parsed.error.message}`, { kind: 'validation', connection: client.connection });
  }
  return parsed.data.task;
}
