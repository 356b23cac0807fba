/** What every activity of the simulated firm works with: its memory, its dice and its users' API clients. */
import type { SandboxRandom } from '../kit/random.js';
import type { FirmSimulatorOptions } from './options.js';
import type { FirmState } from './firm-model.js';
import type { FirmSalesforceApi } from './http/salesforce-api.js';
import type { FirmNetSuiteApi } from './http/netsuite-api.js';
import type { FirmWorkdayApi } from './http/workday-admin-api.js';

/** One thing the firm's people did, for the demo's narrative and debugging. */
export interface FirmActivity {
  date: string;
  action: string;
  key: string;
  outcome: 'done' | 'refused';
  detail?: string;
}

export interface FirmContext {
  options: FirmSimulatorOptions;
  state: FirmState;
  random: SandboxRandom;
  /**
   * A second stream for the time-posting dirt (missing rates, wrong currencies, overbooked days), so
   * adding it left every seed's firm as it was otherwise.
   */
  dirtRandom: SandboxRandom;
  salesforce: FirmSalesforceApi;
  netsuite: FirmNetSuiteApi | null;
  workday: FirmWorkdayApi | null;
  activities: FirmActivity[];
  /** Next key with `prefix` and a zero-padded sequence, e.g. `nextKey('P', 4)` -> `P0001`. */
  nextKey(prefix: string, width: number): string;
}

/** Records an activity. */
export function recordActivity(context: FirmContext, activity: FirmActivity): void {
  context.activities.push(activity);
}

/** Picks by weight; deterministic for a given random stream. */
export function pickWeighted<T>(random: SandboxRandom, choices: ReadonlyArray<readonly [T, number]>): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1]![0];
}
