/**
 * The org's daily API request allowance. Every authenticated REST call counts one (a composite call
 * counts one); once spent, calls get 403 REQUEST_LIMIT_EXCEEDED (never 429) until the allowance
 * resets at midnight UTC of the sandbox clock (Salesforce's real window is rolling 24 h [U]).
 * https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm
 */
import type { SandboxClock } from '../kit/clock.js';

/** Counts calls against the daily limit. */
export interface ApiAllowance {
  /** Counts one call; false when the allowance is already spent (the call is refused, not counted). */
  consume(): boolean;
  usage(): { used: number; limit: number };
  /** `api-usage=N/LIMIT`, the value of the `Sforce-Limit-Info` header. */
  header(): string;
  setLimit(limit: number): void;
  reset(): void;
}

/** Creates an allowance of `limit` calls per sandbox day. */
export function createApiAllowance(options: { clock: SandboxClock; limit: number }): ApiAllowance {
  let limit = options.limit;
  let day = '';
  let used = 0;
  const roll = () => {
    const today = options.clock.now().toISOString().slice(0, 10);
    if (today !== day) {
      day = today;
      used = 0;
    }
  };
  return {
    consume() {
      roll();
      if (used >= limit) return false;
      used += 1;
      return true;
    },
    usage() {
      roll();
      return { used, limit };
    },
    header() {
      roll();
      return `api-usage=${used}/${limit}`;
    },
    setLimit(next) {
      limit = next;
    },
    reset() {
      used = 0;
    },
  };
}
