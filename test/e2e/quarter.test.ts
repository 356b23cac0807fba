// Moved from demo.test.ts onto the shared simulated quarter (issue 10 item 7): the quarter is simulated
// once per test run (test/support/simulated-quarter.ts) and a real `throughline serve` process, with its
// own data dir, backfills it from Salesforce by polling. The same agreement with the ground truth the
// demo's quarter test asserted is asserted here, line by line, category by category, token by token.
import { describe, expect, inject, it } from 'vitest';
import { runHubOverQuarter, tokenDiscipline } from '../support/quarter-hub.js';
import { useSimulatedQuarter } from '../support/simulated-quarter.js';
import { runHeavy } from './run-cli.js';

describe.skipIf(!runHeavy)('the shared simulated quarter, worked off by a clean hub', () => {
  it('a quarter of a 30-consultant firm (90 days): every line posted or held exactly as the ground truth predicts', async () => {
    await useSimulatedQuarter(inject('simulatedQuarterUrl'), 'quarter.test', async (quarter) => {
      const result = await runHubOverQuarter(quarter, { name: 'quarter' });
      const { comparison } = result;
      console.log(`clean quarter: ${JSON.stringify({ psa: comparison.psa, erp: comparison.erp, exceptions: comparison.exceptions, runs: result.runsByStatus, elapsedMs: result.elapsedMs, simulatedInMs: quarter.simulatedInMs })}`);

      // What every agreeing demo shows (demo.test.ts expectAgreementWithGroundTruth), on this quarter.
      expect(comparison.psa.approvedLines).toBeGreaterThan(1_000);
      expect(comparison.mismatches.slice(0, 20)).toEqual([]);
      expect(comparison.mismatches.length).toBe(0);
      expect(comparison.duplicates).toBe(0);
      expect(result.stillRunnable).toBe(0);
      expect({ timeBills: comparison.erp.timeBills, hours: comparison.erp.hours, billableAmount: comparison.erp.billableAmount })
        .toEqual({ timeBills: comparison.expectedPosted.approvedLines, hours: comparison.expectedPosted.approvedHours, billableAmount: comparison.expectedPosted.billableAmount });
      expect(comparison.expectedExceptions.count).toBeGreaterThan(0);
      expect(comparison.exceptions.byCategory).toEqual(comparison.expectedExceptions.byCategory);
      expect(comparison.exceptions.count).toBe(comparison.expectedExceptions.count);
      expect(comparison.psa.approvedLines).toBe(comparison.expectedPosted.approvedLines + comparison.expectedExceptions.count);
      expect(tokenDiscipline(result.requests.salesforce, /\/services\/oauth2\/token$/).onePerLifetime).toBe(true);
      expect(tokenDiscipline(result.requests.netsuite, /\/oauth2\/v1\/token$/).onePerLifetime).toBe(true);
      // Every kind of dirt that reaches the hub is in this quarter, each held under its own category.
      expect(Object.keys(comparison.expectedExceptions.byCategory).sort()).toEqual(['currency_mismatch', 'impossible_day', 'missing_rate']);
    });
  }, 900_000);
});
