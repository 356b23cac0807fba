import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * NetSuite's account-wide concurrency governance: one pool shared by every web-services request
 * (REST records, SuiteQL, token, async polling). The limit comes from the service tier plus ten per
 * SuiteCloud Plus licence, capped at the tier's maximum. Over the limit: 429
 * CONCURRENCY_LIMIT_EXCEEDED without Retry-After.
 * Vendor doc: NetSuite Help "Concurrency Governance" / "Account Concurrency Limits".
 */

/** Service tiers and their base / maximum account concurrency. */
export const serviceTiers = {
  default: { base: 5, max: 15 },
  standard: { base: 5, max: 15 },
  premium: { base: 15, max: 45 },
  enterprise: { base: 20, max: 80 },
  ultimate: { base: 20, max: 140 },
} as const;

/** A service tier name. */
export type ServiceTier = keyof typeof serviceTiers;

/** How the pool is sized. */
export interface ConcurrencyOptions {
  tier?: ServiceTier;
  suiteCloudPlusLicenses?: number;
  /** Overrides the computed limit (tests). */
  limit?: number;
}

/** The account's concurrency limit for these options. */
export function accountConcurrencyLimit(options: ConcurrencyOptions = {}): number {
  if (options.limit !== undefined) return options.limit;
  const tier = serviceTiers[options.tier ?? 'default'];
  return Math.min(tier.base + 10 * (options.suiteCloudPlusLicenses ?? 0), tier.max);
}

const admitted = Symbol('netsuiteConcurrencyAdmitted');

/** Counts in-flight requests and remembers the peak. */
export class ConcurrencyPool {
  private inFlight = 0;
  private peak = 0;
  private rejected = 0;

  constructor(public limit: number) {}

  /**
   * Counts requests as they arrive on the raw HTTP server — before any hook runs, so injected latency
   * holds a slot as real server time would. A request arriving at a full pool is marked; the route
   * layer answers it 429. The slot is freed when the response closes (sent or dropped).
   */
  attach(server: Server, counts: (url: string) => boolean): void {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (!counts(request.url ?? '')) return;
      if (this.inFlight >= this.limit) {
        this.rejected++;
        (request as IncomingMessage & { [admitted]?: boolean })[admitted] = false;
        return;
      }
      (request as IncomingMessage & { [admitted]?: boolean })[admitted] = true;
      this.inFlight++;
      this.peak = Math.max(this.peak, this.inFlight);
      response.once('close', () => {
        this.inFlight--;
      });
    });
  }

  /** False when the request arrived at a full pool. */
  wasAdmitted(request: IncomingMessage): boolean {
    return (request as IncomingMessage & { [admitted]?: boolean })[admitted] !== false;
  }

  /** Current, peak and rejected counts for admin. */
  stats(): { limit: number; inFlight: number; peak: number; rejected: number } {
    return { limit: this.limit, inFlight: this.inFlight, peak: this.peak, rejected: this.rejected };
  }

  /** Forgets the peak and rejection count (the in-flight count stays true). */
  resetStats(): void {
    this.peak = this.inFlight;
    this.rejected = 0;
  }
}
