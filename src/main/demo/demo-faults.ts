/**
 * The `--faults` profile: on the hub's NetSuite paths (never the firm's own calls) 10% 5xx, 429
 * storms and 5% timeout-after-commit; duplicate and out-of-order CDC webhooks from Salesforce.
 */

/** NetSuite requests the hub makes for time-to-ledger: record upserts of time bills, jobs, employees, customers, async jobs. */
const HUB_NETSUITE_PATHS = '^/services/rest/(record/v1/(timeBill|job|employee|customer)(/|$|\\?)|async/)';

/** Kit fault rules for the NetSuite sandbox (see sandboxes/kit/faults.ts). */
export function netSuiteFaultRules(seed: number) {
  return {
    seed,
    rules: [
      { id: 'hub-5xx', match: { path: HUB_NETSUITE_PATHS }, errorRate: { '500': 0.05, '503': 0.05 } },
      { id: 'hub-429-storms', match: { path: HUB_NETSUITE_PATHS }, storm: { everyN: 40, length: 6 } },
      { id: 'hub-timeout-after-commit', match: { path: HUB_NETSUITE_PATHS }, timeoutAfterCommitRate: 0.05 },
    ],
  };
}

/** CDC webhook delivery faults for the Salesforce sandbox (`PUT /__admin/cdc/faults`). */
export const salesforceWebhookFaults = { duplicateRate: 0.1, outOfOrderRate: 0.1, maxDelayMs: 300 };
