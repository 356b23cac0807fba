import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAnaplanSandbox, type RunningAnaplanSandbox } from '../../../src/sandboxes/anaplan/anaplan-sandbox.js';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { anaplanClient, authenticate, readCells } from './anaplan-test-client.js';

describe('Anaplan sandbox: kit faults in Anaplan shape and admin state', () => {
  let sandbox: RunningAnaplanSandbox;
  let client: ReturnType<typeof anaplanClient>;
  beforeEach(async () => {
    sandbox = await startAnaplanSandbox({ clock: createSandboxClock('2026-03-02T09:00:00Z', 'manual'), importTiming: { queuedMs: 0, runMs: 1_000 } });
    client = anaplanClient(sandbox, await authenticate(sandbox));
  });
  afterEach(() => sandbox.stop());

  const setFaults = (rules: unknown[]) =>
    fetch(`${sandbox.adminUrl}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) });

  it('formats injected outages as Anaplan status bodies', async () => {
    await setFaults([{ match: { path: '/files' }, outages: [{ from: '2026-03-02T08:00:00Z', to: '2026-03-02T10:00:00Z' }] }]);
    const response = await client.call('GET', '/files');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: { code: 503, message: 'Service Unavailable' } });
    expect((await client.call('GET', '/imports')).status).toBe(200);
  });

  it('keeps a chunk written under timeout-after-commit although the caller saw the connection drop', async () => {
    await client.beginUpload(1);
    await setFaults([{ match: { method: 'PUT', path: '/chunks/' }, timeoutAfterCommitRate: 1 }]);
    await expect(client.putChunk(0, 'Project,Month,Hours\nP1,2026-01,1\n')).rejects.toThrow();
    await setFaults([]);
    const chunks = await client.call('GET', `/files/${sandbox.credentials.fileId}/chunks`);
    expect(chunks.body.chunks).toEqual([{ id: '0', name: 'Chunk 0' }]);
  });

  it('snapshots and restores the model cells; reset empties them', async () => {
    const snapshot = (await (await fetch(`${sandbox.adminUrl}/snapshot`, { method: 'POST' })).json()) as { id: string };
    await client.beginUpload(1);
    await client.putChunk(0, 'Project,Month,Hours\nP1,2026-01,1\n');
    await client.startImport();
    sandbox.clock.advance(1_000);
    expect(await readCells(sandbox)).toHaveLength(1);
    await fetch(`${sandbox.adminUrl}/restore/${snapshot.id}`, { method: 'POST' });
    expect(await readCells(sandbox)).toEqual([]);
    // The snapshot predates the upload, so the restored file is empty again.
    expect((await client.startImport()).status).toBe(400);
    await client.beginUpload(1);
    await client.putChunk(0, 'Project,Month,Hours\nP1,2026-01,1\n');
    expect((await client.startImport()).status).toBe(200);
    sandbox.clock.advance(1_000);
    expect(await readCells(sandbox)).toHaveLength(1);
    await fetch(`${sandbox.adminUrl}/reset`, { method: 'POST' });
    expect(await readCells(sandbox)).toEqual([]);
  });
});
