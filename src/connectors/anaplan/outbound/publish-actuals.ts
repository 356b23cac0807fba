import { actualsRowSchema, type ActualsRow, type PublishActualsResult, type RejectedActualsRow } from '../../ports/planning.js';
import type { AnaplanClient } from '../client.js';
import type { AnaplanConnectorConfig } from '../config.js';
import { formatCsv } from '../csv.js';
import { actualsToCsvRows, matchDumpRow } from '../mappers/actuals-csv.js';
import type { AnaplanTask } from '../schemas.js';
import { fetchFailureDump } from './fetch-failure-dump.js';
import { pollTask } from './poll-task.js';
import { runImport } from './run-import.js';
import { uploadFile } from './upload-file.js';

/**
 * Publishes actuals to planning: validate each row (a bad row is reported, never blocking the
 * others) -> CSV -> chunked upload to the import's data source -> start the import (a busy model is
 * a RetryAfterError 'model_busy' for the caller's retry policy; publishing again is harmless) -> poll
 * the task -> read the failure dump into rejected rows. The import sets cell values, so publishing the same rows again is idempotent. The
 * data source file is shared by every run of the import: callers serialize publishes per connection.
 */
export async function publishActuals(client: AnaplanClient, config: AnaplanConnectorConfig, rows: readonly unknown[]): Promise<PublishActualsResult> {
  const rejected: RejectedActualsRow[] = [];
  const valid: ActualsRow[] = [];
  rows.forEach((row, index) => {
    const parsed = actualsRowSchema.safeParse(row);
    if (parsed.success) valid.push(parsed.data);
    else rejected.push({ row, stage: 'validation', reason: `row ${index}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
  });
  if (valid.length === 0) return { taskId: undefined, successful: true, rowsSent: 0, rowsLoaded: 0, rejected, details: [] };

  const { fileId, importId } = config.actuals;
  await uploadFile(client, { fileId, content: formatCsv(actualsToCsvRows(valid)), chunkSizeBytes: config.chunkSizeBytes, gzip: config.gzip });
  // A busy model (409) is a RetryAfterError kind 'model_busy' for the caller's step: nothing is retried here.
  const started = await runImport(client, { importId, localeName: config.localeName });
  const polling = config.taskPolling ?? {};
  const task = await pollTask(client, { importId, taskId: started.taskId, initialDelayMs: polling.initialDelayMs, maxDelayMs: polling.maxDelayMs, deadlineMs: polling.deadlineMs });
  const details = (task.result?.details ?? []).map((d) => d.localMessageText).filter((t): t is string => t !== undefined);
  if (task.taskState === 'CANCELLED' || !task.result?.successful) {
    return { taskId: task.taskId, successful: false, rowsSent: valid.length, rowsLoaded: 0, rejected, details: task.taskState === 'CANCELLED' ? ['import task was cancelled', ...details] : details };
  }
  if (task.result.failureDumpAvailable) {
    for (const failure of await fetchFailureDump(client, { importId, taskId: task.taskId })) {
      rejected.push({ row: matchDumpRow(failure, valid) ?? failure.values, stage: 'import', reason: failure.error });
    }
  }
  const importRejects = rejected.filter((r) => r.stage === 'import').length;
  return { taskId: task.taskId, successful: true, rowsSent: valid.length, rowsLoaded: successCountOf(task) ?? valid.length - importRejects, rejected, details };
}

/** `successRowCount` from the task's `moduleRowsProcessed` detail, when Anaplan gives it. */
function successCountOf(task: AnaplanTask): number | undefined {
  for (const detail of task.result?.details ?? []) {
    const values = detail.values ?? [];
    const at = values.indexOf('successRowCount');
    if (at >= 0 && values[at + 1] !== undefined && /^\d+$/.test(values[at + 1]!)) return Number(values[at + 1]);
  }
  return undefined;
}
