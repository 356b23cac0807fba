/**
 * Import tasks of the Anaplan sandbox. A task's state is a pure function of the sandbox clock:
 * NOT_STARTED for `queuedMs`, IN_PROGRESS for `runMs` (progress in `progressSteps` steps), then
 * COMPLETE; the rows are loaded into the model the first time a task is seen complete (`settle`).
 */
import { formatCsv } from './csv.js';
import type { ActualsReadResult } from './actuals-import.js';

/** How long the stages of an import last on the sandbox clock. */
export interface ImportTiming {
  queuedMs: number;
  runMs: number;
  progressSteps: number;
}

/** Default: 1 s queued, 4 s running, progress in quarters. */
export const defaultImportTiming: ImportTiming = { queuedMs: 1_000, runMs: 4_000, progressSteps: 4 };

export type TaskState = 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETE' | 'CANCELLED';

/** One import run. */
export interface ImportTask {
  taskId: string;
  importId: string;
  modelId: string;
  localeName: string;
  /** Sandbox epoch ms. */
  creationTime: number;
  timing: ImportTiming;
  cancelledAt?: number;
  applied: boolean;
  read: ActualsReadResult;
}

/** The observable state of a task at `now`. */
export function taskStateAt(task: ImportTask, now: number): { taskState: TaskState; progress: number; currentStep: string } {
  if (task.cancelledAt !== undefined) return { taskState: 'CANCELLED', progress: 0, currentStep: 'Cancelled.' };
  const elapsed = now - task.creationTime;
  const { queuedMs, runMs, progressSteps } = task.timing;
  if (elapsed < queuedMs) return { taskState: 'NOT_STARTED', progress: 0, currentStep: 'Queued.' };
  if (elapsed < queuedMs + runMs) {
    const steps = Math.max(1, progressSteps);
    const done = Math.min(steps - 1, Math.floor(((elapsed - queuedMs) / runMs) * steps));
    return { taskState: 'IN_PROGRESS', progress: done / steps, currentStep: 'Importing data.' };
  }
  return { taskState: 'COMPLETE', progress: 1, currentStep: 'Complete.' };
}

/** True while a task holds its model (Anaplan runs one import per model at a time). */
export function isRunning(task: ImportTask, now: number): boolean {
  const { taskState } = taskStateAt(task, now);
  return taskState === 'NOT_STARTED' || taskState === 'IN_PROGRESS';
}

/** The task as `GET .../tasks/{taskId}` returns it. */
export function taskBody(task: ImportTask, now: number, moduleName: string): Record<string, unknown> {
  const state = taskStateAt(task, now);
  const base = { taskId: task.taskId, taskState: state.taskState, creationTime: task.creationTime, currentStep: state.currentStep, progress: state.progress };
  if (state.taskState !== 'COMPLETE') return base;
  const { read } = task;
  const total = read.rows.length + read.failures.length + read.ignored;
  const details = read.fatal
    ? [{ localMessageText: read.fatal, occurrences: 0, type: 'importFailed', values: [] }]
    : [
        {
          localMessageText: `${moduleName}: ${read.rows.length} (${read.rows.length}/${total}) rows successful, ${read.failures.length} failed, ${read.ignored} ignored`,
          occurrences: 0,
          type: 'moduleRowsProcessed',
          values: [
            'moduleName', moduleName,
            'successRowCount', String(read.rows.length),
            'failedCount', String(read.failures.length),
            'ignoredCount', String(read.ignored),
            'totalRowCount', String(total),
          ],
        },
        ...failureSummary(read),
      ];
  return {
    ...base,
    result: {
      successful: !read.fatal,
      failureDumpAvailable: !read.fatal && read.failures.length > 0,
      objectId: task.importId,
      details,
    },
  };
}

function failureSummary(read: ActualsReadResult) {
  const byKind = new Map<string, number>();
  for (const failure of read.failures) {
    const kind = failure.error.split(':')[0]!;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  return [...byKind].map(([kind, occurrences]) => ({ localMessageText: kind, occurrences, type: 'rowFailure', values: [] }));
}

const DUMP_CHUNK_ROWS = 5_000;

/** The failure dump split into chunks: CSV with `_Line_`, `_Error_1_` and the original columns. */
export function failureDumpChunks(task: ImportTask): string[] {
  const { header, failures } = task.read;
  const chunks: string[] = [];
  for (let i = 0; i < failures.length; i += DUMP_CHUNK_ROWS) {
    const rows = failures.slice(i, i + DUMP_CHUNK_ROWS).map((f) => [String(f.line), f.error, ...f.fields]);
    chunks.push(formatCsv([['_Line_', '_Error_1_', ...header], ...rows]));
  }
  return chunks;
}
