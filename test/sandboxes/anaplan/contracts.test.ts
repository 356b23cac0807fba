import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnaplanSandbox, type RunningAnaplanSandbox } from '../../../src/sandboxes/anaplan/anaplan-sandbox.js';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { loadContract, responseDifferences, type ObservedResponse } from '../../contracts/contract.js';
import { anaplanClient } from './anaplan-test-client.js';

const HEADER = 'Project,Month,Currency,Hours,Cost,Billings,Collections\n';

/**
 * The sandbox against Anaplan's published examples (test/contracts/anaplan/): status codes where the
 * pages give them, and bodies with the same keys and JSON types at each path.
 */
describe('Anaplan sandbox answers in the shape of the documented examples', () => {
  let sandbox: RunningAnaplanSandbox;
  let token: string;
  let client: ReturnType<typeof anaplanClient>;
  const expectShape = (response: ObservedResponse, name: string) => expect(responseDifferences(response, loadContract('anaplan', name))).toEqual([]);
  const observed = async (response: Response): Promise<ObservedResponse> => ({ status: response.status, headers: response.headers, body: await response.json() });

  beforeAll(async () => {
    sandbox = await startAnaplanSandbox({ clock: createSandboxClock('2026-03-02T09:00:00Z', 'manual'), importTiming: { queuedMs: 2_000, runMs: 8_000, progressSteps: 4 } });
    const { authUrl, user, password } = sandbox.credentials;
    const authenticated = await fetch(`${authUrl}/token/authenticate`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
    const body = await observed(authenticated);
    token = (body.body as { tokenInfo: { tokenValue: string } }).tokenInfo.tokenValue;
    client = anaplanClient(sandbox, token);
    expectShape(body, 'token.authenticate');
  });
  afterAll(() => sandbox.stop());

  it('authentication service: authenticate and refresh answer {meta, status, statusMessage, tokenInfo}', async () => {
    const refreshed = await fetch(`${sandbox.credentials.authUrl}/token/refresh`, { method: 'POST', headers: { authorization: `AnaplanAuthToken ${token}` } });
    const body = await observed(refreshed);
    expectShape(body, 'token.refresh');
    token = (body.body as { tokenInfo: { tokenValue: string } }).tokenInfo.tokenValue;
    client = anaplanClient(sandbox, token);
  });

  it('chunked upload: the chunk count answer with the file metadata, 204 per chunk', async () => {
    const begun = await client.beginUpload(-1);
    expectShape({ ...begun, headers: {} }, 'file.chunk-count');
    const put = await client.putChunk(0, `${HEADER}PRJ-100,2026-01,USD,120,6000.00,18000.00,9000.00\nbad code,2026-01,USD,1,1,1,1\n`);
    expectShape({ ...put, headers: {}, body: put.body === '' ? undefined : put.body }, 'file.chunk-put.204');
    expect((await client.completeUpload()).status).toBeLessThan(300);
  });

  it('import task: started, in progress, complete with a failure dump, and the dump chunk list', async () => {
    const started = await client.startImport();
    expectShape({ ...started, headers: {} }, 'import.task-start');
    const taskId = started.body.task.taskId as string;
    sandbox.clock.advance(4_000);
    const running = await client.task(taskId);
    expect(running.body.task.taskState).toBe('IN_PROGRESS');
    expectShape({ ...running, headers: {} }, 'import.task-in-progress');
    sandbox.clock.advance(10_000);
    const done = await client.task(taskId);
    expectShape({ ...done, headers: {} }, 'import.task-complete');
    expectShape({ ...(await client.dumpChunks(taskId)), headers: {} }, 'import.dump-chunks');
  });
});
