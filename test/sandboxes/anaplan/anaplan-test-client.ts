/** HTTP helpers the Anaplan sandbox tests share, written as a connector would call the API. */
import type { RunningAnaplanSandbox } from '../../../src/sandboxes/anaplan/anaplan-sandbox.js';

/** Logs in with Basic and returns the token value. */
export async function authenticate(sandbox: RunningAnaplanSandbox): Promise<string> {
  const { authUrl, user, password } = sandbox.credentials;
  const response = await fetch(`${authUrl}/token/authenticate`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
  });
  if (response.status !== 201) throw new Error(`authenticate failed: ${response.status}`);
  return ((await response.json()) as { tokenInfo: { tokenValue: string } }).tokenInfo.tokenValue;
}

/** A tiny client bound to the seeded model. */
export function anaplanClient(sandbox: RunningAnaplanSandbox, token: string) {
  const { apiBaseUrl, workspaceId, modelId, fileId, importId } = sandbox.credentials;
  const model = `${apiBaseUrl}/workspaces/${workspaceId}/models/${modelId}`;
  const call = async (method: string, path: string, init: { json?: unknown; body?: Uint8Array | string; headers?: Record<string, string> } = {}) => {
    const response = await fetch(`${path.startsWith('http') ? '' : model}${path}`, {
      method,
      headers: {
        authorization: `AnaplanAuthToken ${token}`,
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.body !== undefined ? { body: init.body } : {}),
    });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('json');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: response.status, body: (isJson && text ? JSON.parse(text) : text) as any };
  };
  return {
    model,
    call,
    beginUpload: (chunkCount: number) => call('POST', `/files/${fileId}`, { json: { chunkCount } }),
    putChunk: (index: number, body: Uint8Array | string, headers: Record<string, string> = {}) =>
      call('PUT', `/files/${fileId}/chunks/${index}`, { body, headers: { 'content-type': 'application/octet-stream', ...headers } }),
    completeUpload: () => call('POST', `/files/${fileId}/complete`, { json: { id: fileId, name: 'actuals.csv', chunkCount: -1 } }),
    startImport: () => call('POST', `/imports/${importId}/tasks`, { json: { localeName: 'en_US' } }),
    task: (taskId: string) => call('GET', `/imports/${importId}/tasks/${taskId}`),
    dumpChunks: (taskId: string) => call('GET', `/imports/${importId}/tasks/${taskId}/dump/chunks`),
    dumpChunk: (taskId: string, n: number) => call('GET', `/imports/${importId}/tasks/${taskId}/dump/chunks/${n}`),
  };
}

/** Reads the Actuals cells through the admin API. */
export async function readCells(sandbox: RunningAnaplanSandbox, query = ''): Promise<{ lineItem: string; project: string; month: string; currency: string; value: string }[]> {
  const response = await fetch(`${sandbox.adminUrl}/cells${query}`);
  return ((await response.json()) as { cells: never[] }).cells;
}
