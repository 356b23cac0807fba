import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementSchema } from '../../../src/canonical/entities/engagement.js';
import { createIdFactory } from '../../../src/canonical/ids.js';
import { markMilestoneInvoiced } from '../../../src/connectors/certinia/outbound/mark-milestone-invoiced.js';
import { readAssignments, readExpenses, readMilestones, readProjects, readResources, readTimecardEvents } from '../../../src/connectors/certinia/outbound/read-psa-records.js';
import { updateProjectBillings } from '../../../src/connectors/certinia/outbound/update-project-billings.js';
import { getRecord } from '../../../src/connectors/salesforce/outbound/get-record.js';
import { startConnectorSandbox, type ConnectorSandbox } from '../salesforce/support.js';

let t: ConnectorSandbox;
let firm: Awaited<ReturnType<ConnectorSandbox['seedFirm']>>;
beforeAll(async () => {
  t = await startConnectorSandbox({ tokenLifetimeMs: 30 * 86_400_000 });
  firm = await t.seedFirm();
});
afterAll(async () => {
  await t.sandbox.stop();
});

const dataCalls = async (since: number) => (await t.requests()).slice(since).filter((r) => r.path.startsWith('/services/data/')).length;

describe('Certinia PsaPort', () => {
  it('reads engagement, worker and client in canonical form, caching repeated reads', async () => {
    const { psa } = t.connector();
    const before = (await t.requests()).length;
    const engagement = await psa.getEngagement(firm.projectId);
    expect(engagementSchema.parse(engagement)).toMatchObject({
      projectCode: 'PRJ-0001', region: 'Americas', practice: 'Advisory', systemRefs: [{ connection: 'salesforce', objectType: 'pse__Proj__c', id: firm.projectId }],
    });
    // project + region name + practice name
    expect(await dataCalls(before)).toBe(3);
    await Promise.all([psa.getEngagement(firm.projectId), psa.getEngagement(firm.projectId)]);
    expect(await dataCalls(before)).toBe(3);

    const worker = await psa.getWorker(firm.contactId);
    expect(worker).toMatchObject({ displayName: 'Ada Lovelace', region: 'Americas', practice: 'Advisory', costRate: { amount: '118.75', currency: 'USD' } });
    // The contact; its region and practice names come from the cache.
    expect(await dataCalls(before)).toBe(4);
    expect(await psa.getClient(firm.accountId)).toMatchObject({ name: 'Acme Industrial Inc.', taxProfile: { taxId: '12-3456789' } });
  });

  it('answers undefined for unknown or malformed ids', async () => {
    const { psa } = t.connector();
    expect(await psa.getEngagement('a1H000000000000AAA')).toBeUndefined();
    expect(await psa.getWorker('not-an-id')).toBeUndefined();
    expect(await psa.getClient('001000000000000AAA')).toBeUndefined();
  });

  it('sees a closed project as closed for time once the cache expires', async () => {
    const connector = t.connector({ cacheTtlMs: 60_000 });
    const other = await t.create('pse__Proj__c', { Name: 'Closing', pse__Account__c: firm.accountId, pse__Start_Date__c: '2026-01-05', CurrencyIsoCode: 'USD' });
    expect((await connector.psa.getEngagement(other))?.closedForTime).toBe(false);
    await t.update('pse__Proj__c', other, { pse__Stage__c: 'Completed', pse__Closed_for_Time_Entry__c: true });
    expect((await connector.psa.getEngagement(other))?.closedForTime).toBe(false);
    await t.clock.advance(60_001);
    expect(await connector.psa.getEngagement(other)).toMatchObject({ closedForTime: true, status: 'closed' });
  });
});

describe('Certinia reads and writes', () => {
  it('reads projects, resources, assignments, milestones, expenses and timecard events as canonical records', async () => {
    const { client } = t.connector();
    await t.create('pse__Assignment__c', { Name: 'Ada - Acme', pse__Project__c: firm.projectId, pse__Resource__c: firm.contactId, pse__Role__c: 'Architect', pse__Bill_Rate__c: 275, pse__Start_Date__c: '2026-03-02', CurrencyIsoCode: 'USD' });
    await t.create('pse__Milestone__c', { Name: 'Kickoff', pse__Project__c: firm.projectId, pse__Target_Date__c: '2026-03-15', pse__Milestone_Amount__c: 10000, CurrencyIsoCode: 'USD' });
    await t.create('pse__Milestone__c', { Name: 'No amount', pse__Project__c: firm.projectId, pse__Target_Date__c: '2026-03-15' });
    await t.create('pse__Expense__c', { pse__Resource__c: firm.contactId, pse__Project__c: firm.projectId, pse__Expense_Date__c: '2026-03-03', pse__Amount__c: 12.5, CurrencyIsoCode: 'USD' });
    await t.timecard(firm, [2, 0, 0, 0, 0, 0, 0]);

    expect((await readProjects(client, [firm.projectId])).records.map((p) => p.projectCode)).toEqual(['PRJ-0001']);
    expect((await readResources(client)).records.map((w) => w.displayName)).toEqual(['Ada Lovelace']);
    expect((await readAssignments(client, [firm.projectId])).records).toHaveLength(1);
    const milestones = await readMilestones(client, [firm.projectId]);
    expect(milestones.records.map((m) => m.name)).toEqual(['Kickoff']);
    expect(milestones.rejected).toHaveLength(1); // no amount: reported, not blocking the other
    expect(milestones.rejected[0]!.reason).toMatch(/no amount/);
    expect((await readExpenses(client, [firm.projectId])).records[0]).toMatchObject({ amount: { amount: '12.5', currency: 'USD' }, status: 'draft' });
    const timecards = await readTimecardEvents(client, [firm.projectId], createIdFactory());
    expect(timecards.records.flat().map((e) => e.type)).toEqual(['time.approved']);
  });

  it('updates project billings with the exact decimal and marks a milestone invoiced', async () => {
    const { client } = t.connector();
    await updateProjectBillings(client, firm.projectId, { amount: '123456.78', currency: 'USD' });
    expect((await getRecord(client, { objectType: 'pse__Proj__c', id: firm.projectId, fields: ['pse__Billings__c'] }))?.pse__Billings__c).toBe(123456.78);
    await expect(updateProjectBillings(client, firm.projectId, { amount: '10.00', currency: 'EUR' })).rejects.toMatchObject({ name: 'NonRetryableError' });

    const milestoneId = await t.create('pse__Milestone__c', { Name: 'Go-live', pse__Project__c: firm.projectId, pse__Target_Date__c: '2026-05-01', pse__Milestone_Amount__c: 5000, CurrencyIsoCode: 'USD' });
    await markMilestoneInvoiced(client, milestoneId);
    await markMilestoneInvoiced(client, milestoneId);
    expect(await getRecord(client, { objectType: 'pse__Milestone__c', id: milestoneId, fields: ['pse__Invoiced__c', 'pse__Billed__c'] })).toMatchObject({ pse__Invoiced__c: true, pse__Billed__c: true });
  });
});
