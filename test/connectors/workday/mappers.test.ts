import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createIdFactory } from '../../../src/canonical/ids.js';
import { parseCanonicalEvent } from '../../../src/canonical/parse-event.js';
import { workerDeltaEvents } from '../../../src/connectors/workday/mappers/worker-events.js';
import { mapWorkdayWorker, transactionsOf } from '../../../src/connectors/workday/mappers/worker.js';
import { soapFaultOf } from '../../../src/connectors/workday/classify-error.js';
import { restWorkersPageSchema, restWorkerSummarySchema, soapGetWorkersResponseSchema, soapWorkerSchema, type SoapWorker } from '../../../src/connectors/workday/schemas.js';
import { soapBodyOf } from '../../../src/connectors/workday/soap-xml.js';
import { readContractText } from '../../contracts/contract.js';

/** Payloads recorded from our own sandbox, for parsing only (see sandbox-recordings/README.md): no conformance claim. */
const sandboxRecording = (name: string) => readFileSync(new URL(`./sandbox-recordings/${name}`, import.meta.url), 'utf8');

/**
 * Get_Workers as Workday's Human_Resources v44.0 element reference lays it out (test/contracts/workday/
 * get-workers.response.xml, our values): 30001 an employee with a job change, C-40001 a contingent worker,
 * 30002 an hourly employee given notice.
 */
function documentedWorkers(): SoapWorker[] {
  const response = soapGetWorkersResponseSchema.parse(soapBodyOf(readContractText('workday', 'get-workers.response.xml'))['Get_Workers_Response']);
  expect(response.Response_Results).toEqual({ Total_Results: 3, Total_Pages: 1, Page: 1 });
  return (response.Response_Data?.Worker ?? []).map((w) => soapWorkerSchema.parse(w));
}

const byId = (workers: SoapWorker[], employeeId: string) => workers.find((w) => w.Worker_Data.Worker_ID === employeeId)!;
const ids = createIdFactory({ now: () => Date.parse('2026-01-05T12:00:00Z'), random: () => 0.5 });

describe('Workday mappers on the documented Get_Workers response', () => {
  it('maps a Get_Workers worker to the canonical Worker (dates without the zone suffix, hourly cost rate, company and region)', () => {
    const workers = documentedWorkers();
    expect(workers).toHaveLength(3);
    expect(mapWorkdayWorker(byId(workers, '30001'), { connection: 'workday' })).toEqual({
      systemRefs: [{ system: 'workday', connection: 'workday', objectType: 'Worker', id: 'a1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6' }],
      employeeId: '30001',
      displayName: 'Grace Hopper',
      email: 'grace.hopper@example.com',
      role: 'Principal Consultant',
      employeeClass: 'employee',
      // 166400.00 USD a year / 2080 h.
      costRate: { amount: '80', currency: 'USD' },
      homeLegalEntityRef: { refs: [{ system: 'workday', connection: 'workday', objectType: 'Company', id: 'US01' }] },
      region: 'North America',
      activeFrom: '2021-03-01',
      status: 'active',
    });
    expect(mapWorkdayWorker(byId(workers, '30001'), { connection: 'workday', annualHours: '2000' }).costRate).toEqual({ amount: '83.2', currency: 'USD' });
    expect(mapWorkdayWorker(byId(workers, 'C-40001'), { connection: 'workday' })).toMatchObject({
      employeeClass: 'contractor', role: 'Data Engineer', region: 'Unassigned', homeLegalEntityRef: { refs: [{ id: 'UK01' }] }, status: 'active',
    });
    expect(mapWorkdayWorker(byId(workers, 'C-40001'), { connection: 'workday' }).costRate).toBeUndefined();
    // No Personal_Data or job profile: the descriptor, the User_ID and the business title stand in; pay is hourly.
    expect(mapWorkdayWorker(byId(workers, '30002'), { connection: 'workday' })).toMatchObject({
      displayName: 'Edsger Dijkstra', email: 'edsger.dijkstra@example.com', role: 'Senior Consultant', costRate: { amount: '72.5', currency: 'USD' },
      status: 'terminated', activeFrom: '2023-06-12', activeTo: '2026-01-30', homeLegalEntityRef: { refs: [{ id: 'US01' }] },
    });
  });

  it('reads the transaction log with UTC entry moments and business effective dates', () => {
    expect(transactionsOf(byId(documentedWorkers(), '30002')).map((t) => [t.type, t.effectiveDate, t.enteredAt])).toEqual([
      ['Hire', '2023-06-12', '2023-06-01T16:00:00.000Z'],
      ['Termination', '2026-01-30', '2026-01-05T10:01:00.000Z'],
    ]);
  });

  it('turns a window into hired / changed / terminated events that validate against the canonical schemas', () => {
    const workers = documentedWorkers();
    const logged = workers.filter((w) => w.Worker_Data.Transaction_Log_Entry_Data !== undefined);
    // A window holding only the hires.
    const first = logged.flatMap((w) => workerDeltaEvents(w, { connection: 'workday', idFactory: ids, window: { from: new Date('2000-01-01T00:00:00Z'), through: new Date('2024-01-01T00:00:00Z') } }));
    expect(first.map((e) => (e as { type: string }).type)).toEqual(['worker.hired', 'worker.hired']);
    const late = { from: new Date('2026-01-05T09:30:00Z'), through: new Date('2026-01-05T10:01:00Z') };
    const grace = byId(workers, '30001');
    const changed = workerDeltaEvents(grace, { connection: 'workday', idFactory: ids, window: late, previous: { ...mapWorkdayWorker(grace, { connection: 'workday' }), role: 'Senior Consultant' } });
    const edsger = byId(workers, '30002');
    const terminated = workerDeltaEvents(edsger, { connection: 'workday', idFactory: ids, window: late, previous: mapWorkdayWorker(edsger, { connection: 'workday' }) });
    const untouched = workerDeltaEvents(byId(workers, 'C-40001'), { connection: 'workday', idFactory: ids, window: late });
    expect(untouched).toEqual([]);
    for (const event of [...first, ...changed, ...terminated]) {
      const parsed = parseCanonicalEvent(event);
      expect(parsed.ok, parsed.ok ? '' : parsed.reason).toBe(true);
    }
    expect(changed).toMatchObject([{
      type: 'worker.changed', source: 'workday', sourceId: 'a1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6', sourceVersion: '2026-01-05T10:00:00.000Z',
      subject: 'worker:workday:a1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6', data: { effectiveDate: '2026-01-12', changedFields: ['role'], worker: { role: 'Principal Consultant' } },
    }]);
    expect(terminated).toMatchObject([{ type: 'worker.terminated', sourceVersion: '2026-01-05T10:01:00.000Z', data: { effectiveDate: '2026-01-30', workerRef: { refs: [{ id: '8cc7772d9b056ad10f9d7963dc6c7245' }] } } }]);
  });

  it('reads a validation fault and a REST workers page (sandbox recordings: parsing only, no vendor example available)', () => {
    expect(soapFaultOf(sandboxRecording('validation-fault.sandbox.xml'))).toEqual({
      code: 'Client.validationError',
      message: "Validation error occurred. Invalid ID value. 'nope' is not a valid ID value for type = 'WID'",
    });
    const page = restWorkersPageSchema.parse(JSON.parse(sandboxRecording('workers-page.sandbox.json')));
    expect(page.total).toBe(5);
    expect(page.data.map((w) => restWorkerSummarySchema.parse(w).descriptor)).toEqual(['Logan McNeil', 'Priya Raman', 'Oliver Hughes']);
  });
});
