/** Minimal JSON-over-HTTP helper for the simulator's calls (the firm's users don't retry cleverly). */

/** A vendor answered with a non-2xx status; the body is kept so the ledger can record the vendor's reason. */
export class FirmApiError extends Error {
  override readonly name = 'FirmApiError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${url} -> ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
  }
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Sends one request; JSON bodies are encoded, form bodies pass through; throws FirmApiError on >= 400. */
export async function sendRequest(
  method: string,
  url: string,
  options: { headers?: Record<string, string>; json?: unknown; form?: URLSearchParams } = {},
): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = options.form.toString();
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (response.status >= 400) throw new FirmApiError(method, url, response.status, parsed);
  return { status: response.status, headers: response.headers, body: parsed };
}
