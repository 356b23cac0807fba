import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAnaplanSandbox, type RunningAnaplanSandbox } from '../../../src/sandboxes/anaplan/anaplan-sandbox.js';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { anaplanClient, authenticate, readCells } from './anaplan-test-client.js';
import { parseCsv } from '../../../src/sandboxes/anaplan/csv.js';

const HEADER = 'Project,Month,Currency,Hours,Cost,Billings,Collections\n';

describe('Anaplan sandbox: chunked upload, import tasks on the sandbox clock, failure dumps', () => {
  let sandbox: RunningAnaplanSandbox;
  let client: ReturnType<typeof anaplanClient>;
  beforeEach(async () => {
    sandbox = await startAnaplanSandbox({
      clock: createSandboxClock('2026-03-02T09:00:00Z', 'manual'),
      importTiming: { queuedMs: 2_000, runMs: 8_000, progressSteps: 4 },
    });
    client = anaplanClient(sandbox, await authenticate(sandbox));
  });
  afterEach(() => sandbox.stop());

  it('loads plain and gzip chunks, runs the import through its states and updates the line items', async () => {
    expect((await client.beginUpload(3)).body.file).toMatchObject({ chunkCount: 3 });
    expect((await client.putChunk(0, `${HEADER}PRJ-100,2026-01,USD,120,6000.00,18000.00,9000.00\n`)).status).toBe(204);
    // Chunk 1 declared gzip by header, chunk 2 recognised by the gzip magic bytes alone.
    expect((await client.putChunk(1, gzipSync('PRJ-100,Feb 26,USD,80.5,4025.25,,\n'), { 'content-encoding': 'gzip' })).status).toBe(204);
    expect((await client.putChunk(2, gzipSync('UK-7,2026-02,GBP,10,500,750,0\n'))).status).toBe(204);
    const chunks = await client.call('GET', `/files/${sandbox.credentials.fileId}/chunks`);
    expect(chunks.body.chunks).toEqual([0, 1, 2].map((i) => ({ id: String(i), name: `Chunk ${i}` })));

    const started = await client.startImport();
    expect(started.status).toBe(200);
    expect(started.body.task).toMatchObject({ taskState: 'NOT_STARTED' });
    const taskId = started.body.task.taskId as string;

    const states: [string, number][] = [];
    for (const step of [1_000, 3_000, 2_000, 2_000, 2_000, 2_000]) {
      sandbox.clock.advance(step);
      const { body } = await client.task(taskId);
      states.push([body.task.taskState, body.task.progress]);
      if (body.task.taskState !== 'COMPLETE') expect(await readCells(sandbox)).toEqual([]);
    }
    expect(states).toEqual([
      ['NOT_STARTED', 0],
      ['IN_PROGRESS', 0.25],
      ['IN_PROGRESS', 0.5],
      ['IN_PROGRESS', 0.75],
      ['COMPLETE', 1],
      ['COMPLETE', 1],
    ]);
    const done = (await client.task(taskId)).body.task;
    expect(done.result).toMatchObject({ successful: true, failureDumpAvailable: false, objectId: sandbox.credentials.importId });
    expect(done.result.details[0].localMessageText).toBe('Actuals: 3 (3/3) rows successful, 0 failed, 0 ignored');

    expect(await readCells(sandbox, '?project=PRJ-100')).toEqual([
      { lineItem: 'Billings', project: 'PRJ-100', month: '2026-01', currency: 'USD', value: '18000.00' },
      { lineItem: 'Collections', project: 'PRJ-100', month: '2026-01', currency: 'USD', value: '9000.00' },
      { lineItem: 'Cost', project: 'PRJ-100', month: '2026-01', currency: 'USD', value: '6000.00' },
      { lineItem: 'Hours', project: 'PRJ-100', month: '2026-01', currency: 'USD', value: '120' },
      { lineItem: 'Cost', project: 'PRJ-100', month: '2026-02', currency: 'USD', value: '4025.25' },
      { lineItem: 'Hours', project: 'PRJ-100', month: '2026-02', currency: 'USD', value: '80.5' },
    ]);
    expect(await readCells(sandbox, '?project=UK-7&lineItem=Billings')).toEqual([
      { lineItem: 'Billings', project: 'UK-7', month: '2026-02', currency: 'GBP', value: '750' },
    ]);
    expect((await client.dumpChunks(taskId)).status).toBe(404);
  });

  it('skips bad rows, loads the rest, and serves them in the failure dump with the error column', async () => {
    await client.beginUpload(-1);
    await client.putChunk(0, `${HEADER}PRJ-1,2026-01,USD,8,400,800,0\n"bad project",2026-01,USD,1,1,1,1\n`);
    await client.putChunk(1, 'PRJ-2,2026-01,USD,eight,400,800,0\nPRJ-3,2031-01,USD,1,1,1,1\nPRJ-4,Smarch 26,USD,1,1,1,1\nPRJ-5,2026-02,JPY,1,1,1,1\n\nPRJ-6,2026-03,EUR,2,100,,\n');
    expect((await client.completeUpload()).body.file).toMatchObject({ chunkCount: 2 });
    const taskId = (await client.startImport()).body.task.taskId as string;
    sandbox.clock.advance(10_000);
    const { task } = (await client.task(taskId)).body;
    expect(task.taskState).toBe('COMPLETE');
    expect(task.result).toMatchObject({ successful: true, failureDumpAvailable: true });
    expect(task.result.details[0].localMessageText).toBe('Actuals: 2 (2/8) rows successful, 5 failed, 1 ignored');

    expect((await client.dumpChunks(taskId)).body.chunks).toEqual([{ id: '0', name: 'Chunk 0' }]);
    const dump = await client.dumpChunk(taskId, 0);
    expect(dump.status).toBe(200);
    const rows = parseCsv(dump.body as string);
    expect(rows[0]).toEqual(['_Line_', '_Error_1_', 'Project', 'Month', 'Currency', 'Hours', 'Cost', 'Billings', 'Collections']);
    expect(rows.slice(1).map((r) => [r[0], r[1]!.split(':')[0], r[2]])).toEqual([
      ['3', 'Invalid project code format', 'bad project'],
      ['4', 'Invalid number for line item Hours', 'PRJ-2'],
      ['5', 'Item not located in Month list', 'PRJ-3'],
      ['6', 'Item not located in Month list', 'PRJ-4'],
      ['7', 'Item not located in Currency list', 'PRJ-5'],
    ]);
    expect((await readCells(sandbox)).map((c) => `${c.project}/${c.lineItem}`)).toEqual(['PRJ-1/Billings', 'PRJ-1/Collections', 'PRJ-1/Cost', 'PRJ-1/Hours', 'PRJ-6/Cost', 'PRJ-6/Hours']);
  });

  it('answers 409 while an import runs on the model and accepts the next once it completes', async () => {
    await client.beginUpload(1);
    await client.putChunk(0, `${HEADER}PRJ-1,2026-01,USD,8,400,800,0\n`);
    const first = await client.startImport();
    const busy = await client.startImport();
    expect(busy.status).toBe(409);
    expect(busy.body.status.code).toBe(409);
    sandbox.clock.advance(5_000);
    expect((await client.startImport()).status).toBe(409);
    sandbox.clock.advance(5_000);
    expect((await client.task(first.body.task.taskId)).body.task.taskState).toBe('COMPLETE');
    expect((await client.startImport()).status).toBe(200);
  });

  it('cancels a running task without loading it and refuses imports of incomplete uploads', async () => {
    await client.beginUpload(2);
    await client.putChunk(0, `${HEADER}PRJ-1,2026-01,USD,8,400,800,0\n`);
    const incomplete = await client.startImport();
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.status.message).toMatch(/chunk 1 of 2 is missing/);
    expect((await client.putChunk(2, 'x')).status).toBe(400);
    await client.putChunk(1, 'PRJ-2,2026-01,USD,1,1,1,1\n');
    const taskId = (await client.startImport()).body.task.taskId as string;
    const cancelled = await client.call('DELETE', `/imports/${sandbox.credentials.importId}/tasks/${taskId}`);
    expect(cancelled.body.task.taskState).toBe('CANCELLED');
    sandbox.clock.advance(60_000);
    expect((await client.task(taskId)).body.task.taskState).toBe('CANCELLED');
    expect(await readCells(sandbox)).toEqual([]);
  });

  it('fails the whole import when the file has no mapped Project column', async () => {
    await client.beginUpload(1);
    await client.putChunk(0, 'Code,Month,Hours\nPRJ-1,2026-01,8\n');
    const taskId = (await client.startImport()).body.task.taskId as string;
    sandbox.clock.advance(10_000);
    const { task } = (await client.task(taskId)).body;
    expect(task.result).toMatchObject({ successful: false, failureDumpAvailable: false });
    expect(task.result.details[0].localMessageText).toMatch(/no column mapped to Project/);
    expect(await readCells(sandbox)).toEqual([]);
  });
});
