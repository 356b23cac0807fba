import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnaplanSandbox, type RunningAnaplanSandbox } from '../../../src/sandboxes/anaplan/anaplan-sandbox.js';
import { anaplanClient, authenticate } from './anaplan-test-client.js';

describe('Anaplan sandbox: workspaces, models and model object lists', () => {
  let sandbox: RunningAnaplanSandbox;
  let client: ReturnType<typeof anaplanClient>;
  beforeAll(async () => {
    sandbox = await startAnaplanSandbox();
    client = anaplanClient(sandbox, await authenticate(sandbox));
  });
  afterAll(() => sandbox.stop());

  it('lists the seeded workspace and the Revenue Forecast model', async () => {
    const ws = await client.call('GET', `${sandbox.credentials.apiBaseUrl}/workspaces`);
    expect(ws.body.workspaces).toEqual([expect.objectContaining({ id: sandbox.credentials.workspaceId, active: true })]);
    expect(ws.body.meta.paging).toEqual({ currentPageSize: 1, offset: 0, totalSize: 1 });
    const models = await client.call('GET', `${sandbox.credentials.apiBaseUrl}/workspaces/${sandbox.credentials.workspaceId}/models`);
    expect(models.body.models).toEqual([expect.objectContaining({ id: sandbox.credentials.modelId, name: 'Revenue Forecast', activeState: 'UNLOCKED' })]);
  });

  it('lists files, imports, exports, processes, actions and line items with meta.paging', async () => {
    const files = await client.call('GET', '/files');
    expect(files.body.files).toEqual([expect.objectContaining({ id: sandbox.credentials.fileId, name: 'actuals.csv' })]);
    const imports = await client.call('GET', '/imports');
    expect(imports.body.imports).toEqual([
      { id: sandbox.credentials.importId, name: 'Actuals Import', importDataSourceId: sandbox.credentials.fileId, importType: 'MODULE_DATA' },
    ]);
    for (const [path, key] of [['/exports', 'exports'], ['/processes', 'processes'], ['/actions', 'actions']] as const) {
      const list = await client.call('GET', path);
      expect(list.status).toBe(200);
      expect(list.body[key]).toEqual([]);
    }
    const items = await client.call('GET', '/lineItems?limit=2&offset=1');
    expect(items.body.items.map((i: { name: string }) => i.name)).toEqual(['Cost', 'Billings']);
    expect(items.body.meta.paging).toMatchObject({ currentPageSize: 2, offset: 1, totalSize: 4 });
    expect(items.body.meta.paging.next).toMatch(/limit=2&offset=3$/);
  });

  it('tells the caller who it is logged in as', async () => {
    const me = await client.call('GET', `${sandbox.credentials.apiBaseUrl}/users/me`);
    expect(me.body.user).toMatchObject({ email: sandbox.credentials.user, active: true });
  });

  it('answers 404 in Anaplan shape for an unknown model', async () => {
    const response = await client.call('GET', `${sandbox.credentials.apiBaseUrl}/workspaces/${sandbox.credentials.workspaceId}/models/NOPE/files`);
    expect(response.status).toBe(404);
    expect(response.body.status.code).toBe(404);
  });
});
