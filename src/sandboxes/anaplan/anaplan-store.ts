/**
 * Mutable state of the Anaplan sandbox: uploaded file chunks, the Actuals module's cells, the
 * Project list, and import tasks. Snapshot/restore use structuredClone.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxClock } from '../kit/clock.js';
import { readActualsCsv } from './actuals-import.js';
import { isRunning, taskStateAt, type ImportTask, type ImportTiming } from './import-tasks.js';
import type { ActualsLineItem, AnaplanCatalog } from './model-catalog.js';

/** Chunks of one file; `chunkCount` -1 means "until complete is called". */
export interface FileUpload {
  chunkCount: number;
  chunks: Record<number, Uint8Array>;
  completed: boolean;
}

/** One cell of the Actuals module. */
export interface ActualsCell {
  lineItem: ActualsLineItem;
  project: string;
  month: string;
  currency: string;
  value: string;
}

interface StoreData {
  uploads: Record<string, FileUpload>;
  cells: Record<string, ActualsCell>;
  projects: string[];
  tasks: ImportTask[];
}

/** Why an import cannot start. */
export type StartImportRefusal = { status: 400 | 409; message: string };

/** The Anaplan sandbox state and its operations. */
export interface AnaplanStore {
  beginUpload(fileId: string, chunkCount: number): FileUpload;
  putChunk(fileId: string, index: number, data: Uint8Array): string | undefined;
  completeUpload(fileId: string): string | undefined;
  upload(fileId: string): FileUpload | undefined;
  /** The file's bytes when every chunk is there; an error message otherwise. */
  fileContent(fileId: string): Buffer | string;
  startImport(importId: string, localeName: string, timing: ImportTiming): ImportTask | StartImportRefusal;
  cancel(taskId: string): ImportTask | undefined;
  task(taskId: string): ImportTask | undefined;
  tasks(importId: string): ImportTask[];
  /** Loads every task that has completed by now into the model (idempotent). */
  settle(): void;
  cells(): ActualsCell[];
  projects(): string[];
  reset(): void;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

/** Creates an empty store for `catalog`. */
export function createAnaplanStore(options: { clock: SandboxClock; catalog: AnaplanCatalog }): AnaplanStore {
  const { catalog, clock } = options;
  const empty = (): StoreData => ({ uploads: {}, cells: {}, projects: [...(catalog.rules.knownProjects ?? [])], tasks: [] });
  let data = empty();
  const now = () => clock.now().getTime();

  const upload = (fileId: string) => data.uploads[fileId];

  const apply = (task: ImportTask) => {
    task.applied = true;
    if (task.read.fatal) return;
    for (const row of task.read.rows) {
      if (!data.projects.includes(row.project)) data.projects.push(row.project);
      for (const [lineItem, value] of Object.entries(row.values) as [ActualsLineItem, string][]) {
        const key = [lineItem, row.project, row.month, row.currency].join('|');
        data.cells[key] = { lineItem, project: row.project, month: row.month, currency: row.currency, value };
      }
    }
  };

  const settle = () => {
    const at = now();
    for (const task of data.tasks) {
      if (!task.applied && taskStateAt(task, at).taskState === 'COMPLETE') apply(task);
    }
  };

  const fileContent = (fileId: string): Buffer | string => {
    const state = upload(fileId);
    if (!state) return 'the file has not been uploaded';
    const indexes = Object.keys(state.chunks).map(Number).sort((a, b) => a - b);
    const expected = state.chunkCount >= 0 ? state.chunkCount : indexes.length;
    if (state.chunkCount < 0 && !state.completed) return 'the upload has not been completed';
    for (let i = 0; i < expected; i += 1) {
      if (!state.chunks[i]) return `chunk ${i} of ${expected} is missing`;
    }
    return Buffer.concat(indexes.slice(0, expected).map((i) => Buffer.from(state.chunks[i]!)));
  };

  return {
    beginUpload(fileId, chunkCount) {
      data.uploads[fileId] = { chunkCount, chunks: {}, completed: false };
      return data.uploads[fileId]!;
    },
    putChunk(fileId, index, bytes) {
      // A chunk without a prior POST starts an open-ended upload, as a single-chunk PUT would.
      const state = upload(fileId) ?? (data.uploads[fileId] = { chunkCount: -1, chunks: {}, completed: false });
      if (state.chunkCount >= 0 && index >= state.chunkCount) return `chunk ${index} is beyond chunkCount ${state.chunkCount}`;
      state.chunks[index] = bytes;
      return undefined;
    },
    completeUpload(fileId) {
      const state = upload(fileId);
      if (!state) return 'the file has no upload in progress';
      const count = Object.keys(state.chunks).length;
      for (let i = 0; i < count; i += 1) if (!state.chunks[i]) return `chunk ${i} is missing`;
      state.chunkCount = count;
      state.completed = true;
      return undefined;
    },
    upload,
    fileContent,
    startImport(importId, localeName, timing) {
      settle();
      const at = now();
      const busy = data.tasks.some((t) => t.modelId === catalog.model.id && isRunning(t, at));
      if (busy) return { status: 409, message: `Model ${catalog.model.name} is busy: another import is running` };
      const content = fileContent(catalog.actualsImport.importDataSourceId);
      if (typeof content === 'string') return { status: 400, message: `Cannot run ${catalog.actualsImport.name}: ${content}` };
      const task: ImportTask = {
        taskId: randomUUID().replace(/-/g, '').toUpperCase(),
        importId,
        modelId: catalog.model.id,
        localeName,
        creationTime: at,
        timing: { ...timing },
        applied: false,
        read: readActualsCsv(content.toString('utf8'), catalog.mapping, catalog.rules),
      };
      data.tasks.push(task);
      settle();
      return task;
    },
    cancel(taskId) {
      settle();
      const task = data.tasks.find((t) => t.taskId === taskId);
      if (task && isRunning(task, now())) task.cancelledAt = now();
      return task;
    },
    task: (taskId) => data.tasks.find((t) => t.taskId === taskId),
    tasks: (importId) => data.tasks.filter((t) => t.importId === importId),
    settle,
    cells: () =>
      Object.values(data.cells).sort(
        (a, b) => a.project.localeCompare(b.project) || a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency) || a.lineItem.localeCompare(b.lineItem),
      ),
    projects: () => [...data.projects],
    reset() {
      data = empty();
    },
    snapshot: () => structuredClone(data),
    restore(snapshot) {
      data = structuredClone(snapshot as StoreData);
    },
  };
}
