import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createIdFactory } from '../../../src/canonical/ids.js';
import { parseCanonicalEvent } from '../../../src/canonical/parse-event.js';
import { workerDeltaEvents } from '../../../src/connectors/workday/mappers/worker-events.js';
import { mapWorkdayWorker, transactionsOf } from '../../../src/connectors/workday/mappers/worker.js';
import { soapFaultOf } from '../../../src/connectors/workday/classify-error.js';
import { restWorkersPageSchema, restWorkerSummarySchema, soapGetWorkersResponseSchema, soapWorkerSchema, type SoapWorker } from '../../../src/connectors/workday/schemas.js';
import { soapBodyOf } from '../../../src/connectors/workday/soap-xml.js';

const fixture = (name: string) => readFileSync(new URL(`../../../src/connectors/workday/fixtures/${name}`, import.meta.url), 'utf8');

/** The recorded delta: five seeded workers, 21003 promoted, 21002 given notice (see vendor-apis.md, Workday). */
function recordedWorkers(): SoapWorker[] {
  const response = soapGetWorkersResponseSchema.parse(soapBodyOf(fixture('get-workers-delta.xml'))['Get_Workers_Response']);
  expect(response.Response_Results).toEqual({ Total_Results: 5, Total_Pages: 1, Page: 1 });
  return (response.Response_Data?.Worker ?? []).map((w) => soapWorkerSchema.parse(w));
}

const byId = (workers: SoapWorker[], employeeId: string) => workers.find((w) => w.Worker_Data.Worker_ID === employeeId)!;
const ids = createIdFactory({ now: () => Date.parse('2026-01-05T12:00:00Z'), random: () => 0.5 });

describe('Workday mappers on recorded fixtures', () => {
  it('maps a Get_Workers worker to the canonical Worker (dates without the zone suffix, hourly cost rate, company and region)', () => {
    const workers = recordedWorkers();
    expect(workers).toHaveLength(5);
    const logan = mapWorkdayWorker(byId(workers, '21001'), { connection: 'workday' });
    expect(logan).toEqual({
      systemRefs: [{ system: 'workday', connection: 'workday', objectType: 'Worker', id: 'a08700b38706fb26f7e747f69ce3b882' }],
      employeeId: '21001',
      displayName: 'Logan McNeil',
      email: 'logan.mcneil@example.com',
      role: 'Practice Director',
      employeeClass: 'employee',
      // 185000.00 USD a year / 2080 h, 4 decimals half-even.
      costRate: { amount: '88.9423', currency: 'USD' },
      homeLegalEntityRef: { refs: [{ system: 'workday', connection: 'workday', objectType: 'Company', id: 'US01' }] },
      region: 'North America',
      activeFrom: '2021-03-01',
      status: 'active',
    });
    const priya = mapWorkdayWorker(byId(workers, '21002'), { connection: 'workday', annualHours: '2000' });
    expect(priya).toMatchObject({ status: 'terminated', activeTo: '2026-01-30', costRate: { amount: '66', currency: 'USD' } });
    const contingent = workers.map((w) => mapWorkdayWorker(w, { connection: 'workday' })).filter((w) => w.employeeClass === 'contractor');
    expect(contingent).toHaveLength(1);
  });

  it('reads the transaction log with UTC entry moments and business effective dates', () => {
    const log = transactionsOf(byId(recordedWorkers(), '21002'));
    expect(log.map((t) => [t.type, t.effectiveDate, t.enteredAt])).toEqual([
      ['Hire', '2023-06-12', '2026-01-05T09:00:00.000Z'],
      ['Termination', '2026-01-30', '2026-01-05T10:01:00.000Z'],
    ]);
  });

  it('turns a window into hired / changed / terminated events that validate against the canonical schemas', () => {
    const workers = recordedWorkers();
    const late = { from: new Date('2026-01-05T09:30:00Z'), through: new Date('2026-01-05T10:01:00Z') };
    // A window holding only the hires: five worker.hired.
    const first = workers.flatMap((w) => workerDeltaEvents(w, { connection: 'workday', idFactory: ids, window: { from: new Date('2000-01-01T00:00:00Z'), through: new Date('2026-01-05T09:00:00Z') } }));
    expect(first.map((e) => (e as { type: string }).type)).toEqual(Array(5).fill('worker.hired'));
    // The later window: 21003's job change against its previous view, 21002's termination.
    const oliver = byId(workers, '21003');
    const before = { ...mapWorkdayWorker(oliver, { connection: 'workday' }), role: 'Consultant' };
    const changed = workerDeltaEvents(oliver, { connection: 'workday', idFactory: ids, window: late, previous: before });
    const terminated = workerDeltaEvents(byId(workers, '21002'), { connection: 'workday', idFactory: ids, window: late, previous: mapWorkdayWorker(byId(workers, '21002'), { connection: 'workday' }) });
    const untouched = workerDeltaEvents(byId(workers, '21001'), { connection: 'workday', idFactory: ids, window: late, previous: mapWorkdayWorker(byId(workers, '21001'), { connection: 'workday' }) });
    expect(untouched).toEqual([]);
    for (const event of [...first, ...changed, ...terminated]) {
      const parsed = parseCanonicalEvent(event);
      expect(parsed.ok, parsed.ok ? '' : parsed.reason).toBe(true);
    }
    expect(changed).toMatchObject([{
      type: 'worker.changed', source: 'workday', sourceId: 'b8907442c539fe993d44c1ca273c52c5', sourceVersion: '2026-01-05T10:00:00.000Z',
      subject: 'worker:workday:b8907442c539fe993d44c1ca273c52c5', data: { effectiveDate: '2026-01-12', changedFields: ['role'], worker: { role: 'Senior Consultant' } },
    }]);
    expect(terminated).toMatchObject([{ type: 'worker.terminated', sourceVersion: '2026-01-05T10:01:00.000Z', data: { effectiveDate: '2026-01-30', workerRef: { refs: [{ id: '7d38113f6505c461492e30dd0af06d68' }] } } }]);
  });

  it('reads a validation fault and a REST workers page', () => {
    expect(soapFaultOf(fixture('validation-fault.xml'))).toEqual({
      code: 'Client.validationError',
      message: "Validation error occurred. Invalid ID value. 'nope' is not a valid ID value for type = 'WID'",
    });
    const page = restWorkersPageSchema.parse(JSON.parse(fixture('workers-page.json')));
    expect(page.total).toBe(5);
    expect(page.data.map((w) => restWorkerSummarySchema.parse(w).descriptor)).toEqual(['Logan McNeil', 'Priya Raman', 'Oliver Hughes']);
  });
});
