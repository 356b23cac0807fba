// The date a project closed for time entry, read from Salesforce field history (pse__Proj__History).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementSchema } from '../../../src/canonical/entities/engagement.js';
import { closedForTimeOnOf } from '../../../src/connectors/certinia/mappers/project.js';
import type { ProjectHistoryRecord } from '../../../src/connectors/certinia/schemas.js';
import { startConnectorSandbox, type ConnectorSandbox } from '../salesforce/support.js';

const DAY = 86_400_000;
const CLOSED = 'pse__Closed_for_Time_Entry__c';

let t: ConnectorSandbox;
let firm: Awaited<ReturnType<ConnectorSandbox['seedFirm']>>;
beforeAll(async () => {
  t = await startConnectorSandbox({ tokenLifetimeMs: 365 * DAY });
  firm = await t.seedFirm();
});
afterAll(async () => {
  await t.sandbox.stop();
});

const dataCalls = async (target: ConnectorSandbox, since: number) =>
  (await target.requests()).slice(since).filter((r) => r.path.startsWith('/services/data/'));
// The log keeps paths without query strings; the reads are by id (sobjects), so a query is the history read.
const historyCalls = (calls: Array<{ path: string }>) => calls.filter((r) => r.path.endsWith('/query'));

const newProject = (target: ConnectorSandbox, name: string) =>
  target.create('pse__Proj__c', {
    Name: name, pse__Account__c: firm.accountId, pse__Region__c: firm.regionId, pse__Practice__c: firm.practiceId, pse__Stage__c: 'In Progress',
    pse__Start_Date__c: '2026-03-02', pse__End_Date__c: '2026-04-30', CurrencyIsoCode: 'USD',
  });
/** Sets the project's checkbox as a PSA user at `instant` of the simulated business clock. */
const setClosed = async (target: ConnectorSandbox, projectId: string, closed: boolean, instant: string) => {
  target.sandboxClock.set(instant);
  await target.update('pse__Proj__c', projectId, closed ? { pse__Stage__c: 'Completed', [CLOSED]: true } : { pse__Stage__c: 'In Progress', [CLOSED]: false });
};

describe('Certinia getEngagement: closedForTimeOn from field history', () => {
  it('a project closed on a simulated date carries that date; one extra query, cached like the rest', async () => {
    const projectId = await newProject(t, 'Closed on a date');
    await setClosed(t, projectId, true, '2026-05-11T16:45:00Z');

    const { psa } = t.connector();
    const before = (await t.requests()).length;
    const engagement = await psa.getEngagement(projectId);
    expect(engagementSchema.parse(engagement)).toMatchObject({ closedForTime: true, closedForTimeOn: '2026-05-11', status: 'closed', endDate: '2026-04-30' });
    // project + region name + practice name + history
    const calls = await dataCalls(t, before);
    expect(calls).toHaveLength(4);
    expect(historyCalls(calls)).toHaveLength(1);
    await psa.getEngagement(projectId);
    expect(await dataCalls(t, before)).toHaveLength(4);
  });

  it('an open project has no closedForTimeOn and costs no history query', async () => {
    const projectId = await newProject(t, 'Still open');
    const { psa } = t.connector();
    const before = (await t.requests()).length;
    const engagement = await psa.getEngagement(projectId);
    expect(engagement?.closedForTime).toBe(false);
    expect(engagement).not.toHaveProperty('closedForTimeOn');
    const calls = await dataCalls(t, before);
    expect(calls).toHaveLength(3);
    expect(historyCalls(calls)).toHaveLength(0);
  });

  it('closed, reopened, closed again: the last close date; reopened: none', async () => {
    const projectId = await newProject(t, 'Closed twice');
    await setClosed(t, projectId, true, '2026-05-04T12:00:00Z');
    await setClosed(t, projectId, false, '2026-05-06T12:00:00Z');

    const reopened = await t.connector().psa.getEngagement(projectId);
    expect(reopened).toMatchObject({ closedForTime: false, status: 'active' });
    expect(reopened).not.toHaveProperty('closedForTimeOn');

    // The last minute of a UTC day still dates that day (UTC calendar date of CreatedDate).
    await setClosed(t, projectId, true, '2026-05-13T23:59:00Z');
    expect(await t.connector().psa.getEngagement(projectId)).toMatchObject({ closedForTime: true, closedForTimeOn: '2026-05-13' });
  });

  it('a close seen through the cache only after it expires, with its date', async () => {
    const connector = t.connector({ cacheTtlMs: 60_000 });
    const projectId = await newProject(t, 'Closing under cache');
    expect(await connector.psa.getEngagement(projectId)).not.toHaveProperty('closedForTimeOn');
    await setClosed(t, projectId, true, '2026-05-20T10:00:00Z');
    expect(await connector.psa.getEngagement(projectId)).not.toHaveProperty('closedForTimeOn');
    await t.clock.advance(60_001);
    expect(await connector.psa.getEngagement(projectId)).toMatchObject({ closedForTime: true, closedForTimeOn: '2026-05-20' });
  });
});

describe('Certinia getEngagement without field history on the close checkbox', () => {
  for (const [label, trackedFields] of [
    ['history tracking off for projects (pse__Proj__History does not exist: INVALID_TYPE)', {}],
    ['the checkbox not tracked (no rows)', { pse__Proj__c: ['pse__Stage__c'] }],
  ] as const) {
    it(`${label}: closed without closedForTimeOn, no error`, async () => {
      const other = await startConnectorSandbox({ tokenLifetimeMs: 365 * DAY, trackedFields: { ...trackedFields } });
      try {
        const seeded = await other.seedFirm();
        other.sandboxClock.set('2026-05-11T16:45:00Z');
        await other.update('pse__Proj__c', seeded.projectId, { pse__Stage__c: 'Completed', [CLOSED]: true });
        const engagement = await other.connector().psa.getEngagement(seeded.projectId);
        expect(engagementSchema.parse(engagement)).toMatchObject({ closedForTime: true, status: 'closed' });
        expect(engagement).not.toHaveProperty('closedForTimeOn');
      } finally {
        await other.sandbox.stop();
      }
    });
  }
});

describe('closedForTimeOnOf', () => {
  let n = 0;
  const row = (createdDate: string, newValue: unknown, extra: Partial<ProjectHistoryRecord> = {}): ProjectHistoryRecord => ({
    Id: `017000000000${String((n += 1)).padStart(6, '0')}`, ParentId: 'a1H000000000001AAA', Field: CLOSED, NewValue: newValue, CreatedDate: createdDate, ...extra,
  });

  it('dates the latest change when it set the checkbox (boolean or text), in UTC', () => {
    expect(closedForTimeOnOf([row('2026-05-04T12:00:00.000+0000', true)])).toBe('2026-05-04');
    expect(closedForTimeOnOf([row('2026-05-04T12:00:00.000+0000', 'true')])).toBe('2026-05-04');
    expect(closedForTimeOnOf([row('2026-05-04T22:30:00.000-0500', 'True')])).toBe('2026-05-05');
    // Order-independent: the latest row decides.
    expect(closedForTimeOnOf([row('2026-05-11T09:00:00.000+0000', true), row('2026-05-06T09:00:00.000+0000', false), row('2026-05-04T09:00:00.000+0000', true)])).toBe('2026-05-11');
    expect(closedForTimeOnOf([row('2026-05-04T09:00:00.000+0000', true), row('2026-05-11T09:00:00.000+0000', true)])).toBe('2026-05-11');
  });

  it('has no date when the latest change cleared the checkbox, or without a row of that field', () => {
    expect(closedForTimeOnOf([row('2026-05-04T09:00:00.000+0000', true), row('2026-05-06T09:00:00.000+0000', 'false')])).toBeUndefined();
    expect(closedForTimeOnOf([row('2026-05-04T09:00:00.000+0000', true, { Field: 'pse__Stage__c' })])).toBeUndefined();
    expect(closedForTimeOnOf([row('not a date', true)])).toBeUndefined();
    expect(closedForTimeOnOf([])).toBeUndefined();
  });
});
