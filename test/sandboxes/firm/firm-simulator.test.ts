import { beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { startEstate } from '../../../src/sandboxes/estate.js';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { firmEndpointsOf } from '../../../src/sandboxes/firm/estate-endpoints.js';
import { createFirmSimulator } from '../../../src/sandboxes/firm/firm-simulator.js';
import type { GroundTruth } from '../../../src/sandboxes/firm/ground-truth.js';

const salesforceTypes = [
  'Account', 'Contact', 'Product2', 'Opportunity', 'OpportunityLineItem', 'pse__Region__c', 'pse__Practice__c', 'pse__Proj__c',
  'pse__Assignment__c', 'pse__Milestone__c', 'pse__Timecard_Header__c', 'pse__Expense__c', 'Contract',
];

interface SimulationResult {
  truth: GroundTruth;
  salesforceRecords: Record<string, unknown>;
  requestClients: Set<string>;
  changeOrigins: Set<string>;
  workers: unknown;
}

/** One simulation against a fresh estate on a manual clock. */
async function simulate(seed: number, options: { days?: number; consultants?: number } = {}): Promise<SimulationResult> {
  const estate = await startEstate({ only: ['salesforce', 'netsuite', 'workday'], clock: createSandboxClock('2026-01-05T08:00:00.000Z', 'manual') });
  try {
    const simulator = createFirmSimulator({ ...firmEndpointsOf(estate), seed, startDate: '2026-01-05', ...options });
    const truth = await simulator.run();
    const salesforce = estate.sandboxes.salesforce!;
    const salesforceRecords: Record<string, unknown> = {};
    for (const type of salesforceTypes) salesforceRecords[type] = await (await fetch(`${salesforce.adminUrl}/records/${type}`)).json();
    const log = (await (await fetch(`${salesforce.adminUrl}/requests`)).json()) as { requests: Array<{ clientId?: string }> };
    const requestClients = new Set(log.requests.map((entry) => entry.clientId).filter((id): id is string => typeof id === 'string'));
    const workers = await (await fetch(`${estate.sandboxes.workday!.adminUrl}/workers`)).json();
    const cdc = (await (await fetch(`${salesforce.adminUrl}/cdc/events`)).json()) as unknown;
    const events = (Array.isArray(cdc) ? cdc : (cdc as { events: unknown[] }).events) as Array<{ payload: { ChangeEventHeader: { changeOrigin: string } } }>;
    const changeOrigins = new Set(events.map((event) => event.payload.ChangeEventHeader.changeOrigin));
    return { truth, salesforceRecords, requestClients, changeOrigins, workers };
  } finally {
    await estate.stop();
  }
}

describe('firm simulator', () => {
  let first: SimulationResult;
  let second: SimulationResult;

  beforeAll(async () => {
    first = await simulate(42);
    second = await simulate(42);
  }, 120_000);

  it('is deterministic: the same seed on fresh estates gives identical ground truth and Salesforce records', () => {
    expect(JSON.stringify(second.truth)).toBe(JSON.stringify(first.truth));
    expect(JSON.stringify(second.salesforceRecords)).toBe(JSON.stringify(first.salesforceRecords));
  });

  it('a different seed gives a different firm', async () => {
    const other = await simulate(7, { days: 21, consultants: 4 });
    const shortSame = await simulate(42, { days: 21, consultants: 4 });
    expect(JSON.stringify(other.truth)).not.toBe(JSON.stringify(shortSame.truth));
  }, 60_000);

  // How long a quarter takes is a figure, not a pass/fail line: see docs/sandboxes/README.md (`throughline simulate`).
  it('runs a default quarter (90 days, 12 consultants)', () => {
    expect(first.truth.startDate).toBe('2026-01-05');
    expect(first.truth.endDate).toBe('2026-04-04');
    expect(first.truth.workers.length).toBe(13); // 12 + the mid-period hire
  });

  it('closes deals with every billing model and provisions projects, staffing and milestones', () => {
    const { deals, projects, completedMilestones } = first.truth;
    expect(deals.length).toBeGreaterThanOrEqual(10);
    expect(deals.length).toBeLessThanOrEqual(40);
    expect(new Set(deals.map((deal) => deal.billingModel))).toEqual(new Set(['time_and_materials', 'fixed_fee', 'milestone', 'retainer', 'subscription']));
    expect(projects.length).toBe(deals.length + 1); // + the hand-made project
    expect(new Set(projects.map((project) => project.currency))).toEqual(new Set(['USD', 'GBP', 'EUR']));
    expect(completedMilestones.length).toBeGreaterThan(0);
    const opportunities = first.salesforceRecords.Opportunity as Array<{ StageName: string; IsWon: boolean }>;
    expect(opportunities.every((opportunity) => opportunity.StageName === 'Closed Won' && opportunity.IsWon)).toBe(true);
  });

  it('keeps approved time lines that add up: hours in half hours, amount = hours x bill rate', () => {
    const lines = first.truth.approvedLines;
    expect(lines.length).toBeGreaterThan(500);
    for (const line of lines) {
      expect(Number(line.hours)).toBeGreaterThan(0);
      expect(Number(line.hours)).toBeLessThanOrEqual(11); // a 9 h day plus a 2 h correction at most
      expect(new Decimal(line.hours).times(2).isInteger()).toBe(true);
      expect(line.amount).toBe(line.billable ? new Decimal(line.hours).times(line.billRate).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2) : '0.00');
      expect(line.workDate >= first.truth.startDate && line.workDate <= first.truth.endDate).toBe(true);
    }
    // Every line belongs to a timecard the PSA holds as Approved with the same daily hours.
    const timecards = new Map((first.salesforceRecords.pse__Timecard_Header__c as Array<Record<string, unknown>>).map((record) => [record.Id, record]));
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    for (const line of lines) {
      const record = timecards.get(line.timecardId)!;
      expect(record.pse__Status__c).toBe('Approved');
      const dayIndex = (new Date(`${line.workDate}T00:00:00Z`).getUTCDay() + 6) % 7;
      expect(Number(record[`pse__${days[dayIndex]}_Hours__c`])).toBe(Number(line.hours));
    }
  });

  it('has realistic dirt: rejections, corrections, duplicates, missing tax ids, unknown and closed projects, cross-entity staffing', () => {
    const { dirt } = first.truth;
    expect(dirt.rejectedTimecards).toBeGreaterThan(0);
    expect(dirt.correctedTimecards).toBeGreaterThan(0);
    expect(dirt.duplicateAccounts).toBeGreaterThan(0);
    expect(dirt.missingTaxIds).toBeGreaterThan(0);
    expect(dirt.unknownProjects).toBe(1);
    expect(dirt.crossEntityAssignments).toBeGreaterThan(0);
    expect(dirt.timecardsAfterProjectEnd + dirt.timecardsRefusedOnClosedProjects).toBeGreaterThan(0);
    expect(first.truth.rejectedTimecards.length).toBeGreaterThan(0);
    expect(first.truth.correctedTimecards.every((c) => c.hoursBefore !== c.hoursAfter)).toBe(true);
    for (const refused of first.truth.refusedTimecards) expect(refused.reason).toMatch(/FIELD_CUSTOM_VALIDATION_EXCEPTION/);
    // Rejected timecards never appear among the approved lines.
    const rejected = new Set(first.truth.rejectedTimecards.map((t) => t.timecardId));
    expect(first.truth.approvedLines.some((line) => rejected.has(line.timecardId))).toBe(false);
    expect(first.truth.hrEvents.map((event) => event.kind)).toEqual(expect.arrayContaining(['hire', 'promotion', 'termination']));
  });

  it('writes as the firm\'s own users (client firm-users) with records stamped in simulated time', () => {
    expect([...first.requestClients]).toEqual(['firm-users']);
    // Change data capture tells the firm's writes from the hub's.
    expect([...first.changeOrigins]).toEqual(['com/salesforce/api/rest/61.0;client=firm-users']);
    const timecards = first.salesforceRecords.pse__Timecard_Header__c as Array<{ CreatedDate: string }>;
    for (const record of timecards) {
      expect(record.CreatedDate >= '2026-01-05' && record.CreatedDate < '2026-04-05').toBe(true);
    }
    expect(JSON.stringify(first.workers)).toContain('E1001');
  });
});
