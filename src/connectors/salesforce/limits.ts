/** The org's daily API usage as the last response reported it. */
export interface SalesforceLimits {
  /** Requests counted against the daily allowance so far. */
  used: number;
  /** The daily allowance. */
  max: number;
  /** When the snapshot was taken (ISO instant). */
  observedAt: string;
}

/**
 * Parses `Sforce-Limit-Info: api-usage=18/5000` (sent on every REST response); undefined when absent.
 * Vendor doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
 */
export function parseLimitInfo(header: string | undefined, now: Date): SalesforceLimits | undefined {
  const match = /api-usage=(\d+)\/(\d+)/.exec(header ?? '');
  if (!match) return undefined;
  return { used: Number(match[1]), max: Number(match[2]), observedAt: now.toISOString() };
}
