/**
 * The firm simulator: a professional services firm's people working through the estate's public APIs
 * over a simulated period, deterministic from a seed, keeping the ground truth of what they did.
 */
import { createRandom } from '../kit/random.js';
import { addDays, atTime, isWeekday, isoWeekday, mondayOf } from './calendar.js';
import { type FirmActivity, type FirmContext } from './firm-context.js';
import { createFirmState } from './firm-model.js';
import { type GroundTruth, computeGroundTruth } from './ground-truth.js';
import { setSandboxClocks } from './http/admin-api.js';
import { createFirmNetSuiteApi } from './http/netsuite-api.js';
import { createFirmSalesforceApi } from './http/salesforce-api.js';
import { createFirmWorkdayApi } from './http/workday-admin-api.js';
import { type FirmSimulatorInput, type FirmSimulatorOptions, firmSimulatorOptionsSchema } from './options.js';
import { amendContracts } from './activities/amend-contracts.js';
import { closeDeal } from './activities/close-deal.js';
import { recordPaymentsReceived, reviewOpenInvoices } from './activities/collect-payments.js';
import { closeFinishedProjects, completeDueMilestones } from './activities/delivery.js';
import { approveExpenses, fileWeekExpenses } from './activities/expenses.js';
import { hireNewConsultant, hrEventDays, promoteConsultant, terminateConsultant } from './activities/hr-events.js';
import { setUpFirm } from './activities/set-up-firm.js';
import { billingModelMix } from './reference-data.js';
import { approveTimecards, correctApprovedTimecards, enterWeekTimecards, resubmitRejected } from './activities/timecards.js';

export interface FirmSimulator {
  readonly options: FirmSimulatorOptions;
  /** Simulates one day; days must be run in order from `startDate` (the first one sets the firm up). */
  runDay(date: string): Promise<void>;
  /** Simulates the whole period and returns the ground truth. */
  run(): Promise<GroundTruth>;
  /** What a perfect integration must end with, as of the last simulated day. */
  groundTruth(): GroundTruth;
  /** Everything the firm's people did, in order. */
  activities(): readonly FirmActivity[];
}

/** Creates a simulator against a running estate; nothing is called until `runDay`/`run`. */
export function createFirmSimulator(input: FirmSimulatorInput, hooks: { onDay?: (date: string, index: number) => void } = {}): FirmSimulator {
  const options = firmSimulatorOptionsSchema.parse(input);
  const state = createFirmState();
  const counters = new Map<string, number>();
  let simulatedNow = new Date(atTime(options.startDate, 8));
  let clockToSet: string | null = null;
  let lastDay: string | null = null;
  const clockAdminUrls = options.clockAdminUrls ?? [
    ...new Set([options.salesforce.adminUrl, options.netsuite?.adminUrl, options.workday?.adminUrl].filter((url): url is string => url !== undefined)),
  ];
  // Time moves lazily: the sandboxes' clock is set right before the first call made at a new instant,
  // so idle days cost no requests.
  const syncClock = async () => {
    if (clockToSet === null) return;
    const instant = clockToSet;
    clockToSet = null;
    await setSandboxClocks(clockAdminUrls, instant, options.adminKey);
  };

  const context: FirmContext = {
    options,
    state,
    random: createRandom(options.seed),
    dirtRandom: createRandom(options.seed * 7919 + 104_729),
    salesforce: afterClockSync(createFirmSalesforceApi(options.salesforce), syncClock),
    netsuite: options.netsuite ? afterClockSync(createFirmNetSuiteApi({ ...options.netsuite, now: () => simulatedNow }), syncClock) : null,
    workday: options.workday ? afterClockSync(createFirmWorkdayApi({ adminUrl: options.workday.adminUrl, adminKey: options.adminKey }), syncClock) : null,
    activities: [],
    nextKey(prefix, width) {
      const next = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, next);
      return `${prefix}${String(next).padStart(width, '0')}`;
    },
  };
  const hrDays = hrEventDays(options.days);
  // About one new deal a week per eleven consultants keeps people at ~1.5 concurrent assignments.
  const dealsPerWeek = Math.max(0.5, options.consultants / 11);

  const moveClock = (instant: string) => {
    simulatedNow = new Date(instant);
    clockToSet = instant;
  };

  const runDay = async (date: string) => {
    const expected = lastDay === null ? options.startDate : addDays(lastDay, 1);
    if (date !== expected) throw new Error(`firm simulator: next day to run is ${expected}, not ${date}`);
    const dayIndex = lastDay === null ? 0 : Math.round((Date.parse(date) - Date.parse(options.startDate)) / 86_400_000);
    const weekday = isoWeekday(date);
    moveClock(atTime(date, 9));

    if (dayIndex === 0) {
      await setUpFirm(context);
      // The backlog: deals already won when the period starts keep everyone busy from day one; it holds
      // one deal of each billing model first (a running firm has them all), then draws from the mix.
      const backlog = Math.max(2, Math.ceil(options.consultants / 2));
      for (let index = 0; index < backlog; index += 1) await closeDeal(context, date, date, billingModelMix[index]?.[0]);
    }
    if (hrDays?.hire === dayIndex) await hireNewConsultant(context, date);
    if (hrDays?.promotion === dayIndex) await promoteConsultant(context, date);
    if (hrDays?.termination === dayIndex) await terminateConsultant(context, date);

    if (isWeekday(date)) {
      if (dayIndex > 0) {
        const expected = dealsPerWeek / 5;
        const deals = Math.floor(expected) + (context.random.chance(expected % 1) ? 1 : 0);
        for (let index = 0; index < deals; index += 1) await closeDeal(context, date, addDays(date, 3));
      }
      await completeDueMilestones(context, date);
    }
    await closeFinishedProjects(context, date);
    if (weekday === 1) {
      await approveTimecards(context, date);
      await approveExpenses(context, date);
    }
    if (weekday === 2) await resubmitRejected(context, date);
    await correctApprovedTimecards(context, date);
    if (weekday === 3) {
      await amendContracts(context, date);
      await reviewOpenInvoices(context, date);
    }
    if (isWeekday(date)) await recordPaymentsReceived(context, date);
    if (weekday === 5) {
      moveClock(atTime(date, 16));
      await enterWeekTimecards(context, date, mondayOf(date));
      await fileWeekExpenses(context, date, mondayOf(date));
    }
    lastDay = date;
    hooks.onDay?.(date, dayIndex);
  };

  const groundTruth = () => computeGroundTruth(state, { seed: options.seed, startDate: options.startDate, endDate: lastDay ?? options.startDate });

  return {
    options,
    runDay,
    async run() {
      for (let index = 0; index < options.days; index += 1) {
        const date = addDays(options.startDate, index);
        if (lastDay !== null && date <= lastDay) continue;
        await runDay(date);
      }
      return groundTruth();
    },
    groundTruth,
    activities: () => context.activities,
  };
}

/** Wraps every method of an API client so the simulated clock is in place before the call. */
function afterClockSync<T extends object>(api: T, syncClock: () => Promise<void>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(api)) {
    wrapped[name] = typeof method === 'function'
      ? async (...args: unknown[]) => {
          await syncClock();
          return (method as (...a: unknown[]) => unknown)(...args);
        }
      : method;
  }
  return wrapped as T;
}

/** The last simulated day of a period. */
export function endDateOf(options: Pick<FirmSimulatorOptions, 'startDate' | 'days'>): string {
  return addDays(options.startDate, options.days - 1);
}
