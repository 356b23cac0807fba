import { NonRetryableError, RetryableError } from '../../../runtime/errors.js';
import type { AnaplanClient } from '../client.js';
import { taskResponseSchema, type AnaplanTask } from '../schemas.js';

/** Options of {@link pollTask}. */
export interface PollTaskOptions {
  importId: string;
  taskId: string;
  /** First wait (default 1,000 ms), doubled each time up to `maxDelayMs` (default 15,000 ms). */
  initialDelayMs?: number | undefined;
  maxDelayMs?: number | undefined;
  /** Give up after this long (default 30 minutes): RetryableError kind 'timeout'. */
  deadlineMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** Reads one task's state. Vendor doc: https://anaplanbulkapi20.docs.apiary.io/ — "Monitor import task" (`GET /imports/{importId}/tasks/{taskId}`). */
export async function getTask(client: AnaplanClient, importId: string, taskId: string): Promise<AnaplanTask> {
  const response = await client.send({ method: 'GET', path: `/imports/${encodeURIComponent(importId)}/tasks/${encodeURIComponent(taskId)}` });
  const parsed = taskResponseSchema.safeParse(response.body);
  if (!parsed.success) {
    throw new NonRetryableError(`${client.connection}: task ${taskId}: unexpected response: ${parsed.error.message}`, { kind: 'validation', connection: client.connection });
  }
  return parsed.data.task;
}

/**
 * Polls a task on the client's clock, with exponential backoff, until it is COMPLETE or CANCELLED.
 * Sleeping on the injected clock lets tests and simulations skip the wait.
 */
export async function pollTask(client: AnaplanClient, options: PollTaskOptions): Promise<AnaplanTask> {
  const started = client.clock.now().getTime();
  const deadline = started + (options.deadlineMs ?? 30 * 60_000);
  const maxDelay = options.maxDelayMs ?? 15_000;
  let delay = Math.max(1, options.initialDelayMs ?? 1_000);
  for (;;) {
    const task = await getTask(client, options.importId, options.taskId);
    if (task.taskState === 'COMPLETE' || task.taskState === 'CANCELLED') return task;
    const now = client.clock.now().getTime();
    if (now >= deadline) {
      throw new RetryableError(`${client.connection}: import task ${options.taskId} still ${task.taskState} after ${now - started} ms`, { kind: 'timeout', connection: client.connection });
    }
    await client.clock.sleep(Math.min(delay, deadline - now), options.signal);
    delay = Math.min(delay * 2, maxDelay);
  }
}
