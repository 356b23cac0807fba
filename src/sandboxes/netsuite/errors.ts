/**
 * NetSuite's REST error body (RFC 7807 with `o:errorDetails`) and the error class the sandbox throws.
 * Vendor doc: NetSuite Help "REST Web Services Error Handling and Error Codes".
 */

/** Error codes the sandbox emits, with the HTTP status NetSuite pairs them with. */
export const netSuiteErrorStatus = {
  INVALID_CONTENT: 400,
  USER_ERROR: 400,
  INVALID_KEY_OR_REF: 400,
  INVALID_PARAMETER: 400,
  IDEMPOTENCY_ERROR: 400,
  INVALID_LOGIN: 401,
  INSUFFICIENT_PERMISSION: 403,
  NONEXISTENT_ID: 404,
  METHOD_NOT_ALLOWED: 405,
  CONCURRENCY_LIMIT_EXCEEDED: 429,
  UNEXPECTED_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

/** One of the error codes above. */
export type NetSuiteErrorCode = keyof typeof netSuiteErrorStatus;

/** One entry of `o:errorDetails`. */
export interface NetSuiteErrorDetail {
  detail: string;
  'o:errorCode': NetSuiteErrorCode;
  'o:errorPath'?: string;
}

/** The JSON body of every NetSuite error response. */
export interface NetSuiteErrorBody {
  type: string;
  title: string;
  status: number;
  'o:errorDetails': NetSuiteErrorDetail[];
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Record Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

const typeSections: Record<number, string> = {
  400: '15.5.1', 401: '15.5.2', 403: '15.5.4', 404: '15.5.5', 405: '15.5.6', 429: '6.6',
  500: '15.6.1', 502: '15.6.3', 503: '15.6.4',
};

/** Builds the error body NetSuite sends for `status` with the given details. */
export function netSuiteErrorBody(status: number, details: NetSuiteErrorDetail[]): NetSuiteErrorBody {
  const section = typeSections[status];
  const type = status === 429
    ? 'https://www.rfc-editor.org/rfc/rfc6585.html#section-4'
    : `https://www.rfc-editor.org/rfc/rfc9110.html#section-${section ?? '15.5.1'}`;
  return { type, title: titles[status] ?? 'Error', status, 'o:errorDetails': details };
}

/** A failure the routes turn into NetSuite's error body; `status` defaults from the code. */
export class NetSuiteError extends Error {
  override readonly name = 'NetSuiteError';
  readonly status: number;
  readonly details: NetSuiteErrorDetail[];

  constructor(code: NetSuiteErrorCode, detail: string, options: { path?: string; status?: number } = {}) {
    super(detail);
    this.status = options.status ?? netSuiteErrorStatus[code];
    const entry: NetSuiteErrorDetail = { detail, 'o:errorCode': code };
    if (options.path !== undefined) entry['o:errorPath'] = options.path;
    this.details = [entry];
  }

  /** The response body for this error. */
  toBody(): NetSuiteErrorBody {
    return netSuiteErrorBody(this.status, this.details);
  }
}

/** The login failure NetSuite answers for a bad, missing or expired token. */
export function invalidLogin(): NetSuiteError {
  return new NetSuiteError(
    'INVALID_LOGIN',
    'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
  );
}

/** What the kit asks for when it injects an error: NetSuite's own body, and no Retry-After on 429. */
export function formatNetSuiteFault(kind: 'server_error' | 'throttled' | 'unavailable', status: number): {
  status: number;
  headers: Record<string, string>;
  body: NetSuiteErrorBody;
} {
  const headers = { 'content-type': 'application/vnd.oracle.resource+json; type=error' };
  if (kind === 'throttled') {
    return { status: 429, headers, body: concurrencyLimitBody() };
  }
  const code: NetSuiteErrorCode = kind === 'unavailable' || status === 503 ? 'SERVICE_UNAVAILABLE' : 'UNEXPECTED_ERROR';
  const detail = code === 'SERVICE_UNAVAILABLE'
    ? 'The service is temporarily unavailable. Try again later.'
    : 'An unexpected error occurred. Error ID: sandbox-injected-fault';
  return { status, headers, body: netSuiteErrorBody(status, [{ detail, 'o:errorCode': code }]) };
}

/** The 429 body for the account-wide concurrency pool (NetSuite sends no Retry-After). */
export function concurrencyLimitBody(): NetSuiteErrorBody {
  return netSuiteErrorBody(429, [{
    detail: 'Concurrent request limit exceeded. Request blocked.',
    'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED',
  }]);
}
