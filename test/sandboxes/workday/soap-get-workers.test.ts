import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { startWorkdaySandbox, type RunningWorkdaySandbox } from '../../../src/sandboxes/workday/workday-sandbox.js';
import {
  employeeIdsOf,
  fetchAccessToken,
  getWorkersEnvelope,
  postSoap,
  resultsOf,
  workersOf,
  type SoapDoc,
} from './workday-test-client.js';

const T0 = '2026-01-05T09:00:00.000Z';

describe('Workday sandbox: SOAP Get_Workers', () => {
  let sandbox: RunningWorkdaySandbox;
  beforeEach(async () => {
    sandbox = await startWorkdaySandbox({ clock: createSandboxClock(T0, 'manual') });
  });
  afterEach(() => sandbox.stop());

  const admin = async (path: string, body: unknown) => {
    const response = await fetch(`${sandbox.adminUrl}/workers${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return response.json() as Promise<Record<string, unknown>>;
  };
  // The tests move the clock by weeks, past the token lifetime, so each call takes a fresh token.
  const getWorkers = async (inner: string) => postSoap(sandbox, getWorkersEnvelope(inner), await fetchAccessToken(sandbox));
  const delta = (from: string, through: string, extra = '') =>
    getWorkers(`<bsvc:Request_Criteria><bsvc:Transaction_Log_Criteria_Data><bsvc:Transaction_Date_Range_Data>
      <bsvc:Updated_From>${from}</bsvc:Updated_From><bsvc:Updated_Through>${through}</bsvc:Updated_Through>
      </bsvc:Transaction_Date_Range_Data></bsvc:Transaction_Log_Criteria_Data></bsvc:Request_Criteria>${extra}`);
  const byEmployeeId = (id: string, type = 'Employee_ID', extra = '') =>
    getWorkers(`<bsvc:Request_References><bsvc:Worker_Reference><bsvc:ID bsvc:type="${type}">${id}</bsvc:ID></bsvc:Worker_Reference></bsvc:Request_References>${extra}`);
  const fault = (doc: SoapDoc) => doc.Envelope.Body.Fault;

  it('returns a worker with personal, employment, compensation and organization data', async () => {
    const { status, doc } = await byEmployeeId('21003');
    expect(status).toBe(200);
    const [worker] = workersOf(doc);
    const ids = worker.Worker_Reference.ID.map((id: SoapDoc) => [id['@_type'], id['#text']]);
    expect(ids).toContainEqual(['Employee_ID', '21003']);
    expect(ids.find(([type]: string[]) => type === 'WID')[1]).toMatch(/^[0-9a-f]{32}$/);
    const data = worker.Worker_Data;
    expect(data.Worker_ID).toBe('21003');
    expect(data.Personal_Data.Name_Data.Legal_Name_Data.Name_Detail_Data).toMatchObject({ First_Name: 'Oliver', Last_Name: 'Hughes' });
    expect(data.Personal_Data.Contact_Data.Email_Address_Data.Email_Address).toBe('oliver.hughes@example.com');
    const position = data.Employment_Data.Worker_Job_Data.Position_Data;
    expect(position.Business_Title).toBe('Consultant');
    expect(position.Job_Profile_Summary_Data.Job_Profile_Name).toBe('Consultant');
    expect(position.Worker_Type_Reference.ID[0]).toMatchObject({ '@_type': 'Employee_Type_ID', '#text': 'Regular' });
    expect(position.Business_Site_Summary_Data.Name).toBe('London');
    expect(data.Employment_Data.Worker_Status_Data).toMatchObject({ Active: '1', Terminated: '0', Hire_Date: '2024-01-08-08:00' });
    const pay = data.Compensation_Data.Employee_Base_Pay_Plan_Assignment_Data;
    expect(pay.Amount).toBe('68000.00');
    expect(pay.Currency_Reference.ID[0]['#text']).toBe('GBP');
    expect(pay.Frequency_Reference.ID[0]['#text']).toBe('Annual');
    const orgs = Object.fromEntries(
      data.Organization_Data.Worker_Organization_Data.map((o: SoapDoc) => [
        o.Organization_Data.Organization_Type_Reference.ID[0]['#text'],
        o.Organization_Data.Organization_Name,
      ]),
    );
    expect(orgs).toEqual({ Cost_Center: 'Delivery UK', Company: 'Throughline Consulting Ltd', Region: 'EMEA', Supervisory: 'Delivery UK' });
  });

  it('returns only the groups asked for in Response_Group', async () => {
    const { doc } = await byEmployeeId('21001', 'Employee_ID', `<bsvc:Response_Group>
      <bsvc:Include_Reference>true</bsvc:Include_Reference><bsvc:Include_Compensation>true</bsvc:Include_Compensation>
      </bsvc:Response_Group>`);
    const data = workersOf(doc)[0].Worker_Data;
    expect(data.Compensation_Data).toBeDefined();
    expect(data.Personal_Data).toBeUndefined();
    expect(data.Employment_Data).toBeUndefined();
    expect(data.Organization_Data).toBeUndefined();
  });

  it('identifies contingent workers by Contingent_Worker_ID with an hourly rate', async () => {
    const { doc } = await byEmployeeId('C-5001', 'Contingent_Worker_ID');
    const data = workersOf(doc)[0].Worker_Data;
    expect(data.Employment_Data.Worker_Job_Data.Position_Data.Worker_Type_Reference.ID[0]['@_type']).toBe('Contingent_Worker_Type_ID');
    expect(data.Compensation_Data.Employee_Base_Pay_Plan_Assignment_Data.Frequency_Reference.ID[0]['#text']).toBe('Hourly');
    const wrongType = await byEmployeeId('C-5001', 'Employee_ID');
    expect(wrongType.status).toBe(500);
    expect(fault(wrongType.doc).faultcode).toBe('env:Client.validationError');
  });

  it('pages with Page and Count and reports totals', async () => {
    const first = await getWorkers('<bsvc:Response_Filter><bsvc:Page>1</bsvc:Page><bsvc:Count>2</bsvc:Count></bsvc:Response_Filter>');
    expect(resultsOf(first.doc)).toMatchObject({ Total_Results: '5', Total_Pages: '3', Page_Results: '2', Page: '1' });
    const ids = employeeIdsOf(first.doc);
    for (const page of [2, 3]) {
      const next = await getWorkers(`<bsvc:Response_Filter><bsvc:Page>${page}</bsvc:Page><bsvc:Count>2</bsvc:Count></bsvc:Response_Filter>`);
      expect(resultsOf(next.doc).Page).toBe(String(page));
      ids.push(...employeeIdsOf(next.doc));
    }
    expect(ids).toEqual(['21001', '21002', '21003', '21004', 'C-5001']);
    const tooMany = await getWorkers('<bsvc:Response_Filter><bsvc:Count>1000</bsvc:Count></bsvc:Response_Filter>');
    expect(tooMany.status).toBe(500);
    expect(fault(tooMany.doc).faultstring).toMatch(/Count must be at most 999/);
  });

  it('answers Updated_From/Updated_Through with the workers whose transactions were entered in the range', async () => {
    sandbox.clock.set('2026-02-02T10:00:00Z');
    await admin('', {
      employeeId: '22001',
      firstName: 'Ada',
      lastName: 'Byrne',
      businessTitle: 'Consultant',
      jobProfile: 'Consultant',
      costCenter: 'Delivery UK',
      company: { id: 'UK01', name: 'Throughline Consulting Ltd' },
      location: 'London',
      region: 'EMEA',
      compensation: { basis: 'annual', amount: '60000.00', currency: 'GBP' },
      hireDate: '2026-02-16',
    });
    sandbox.clock.set('2026-02-03T10:00:00Z');
    await admin('/21002/job-change', { effectiveDate: '2026-02-01', businessTitle: 'Manager', jobProfile: 'Manager', isManager: true });
    sandbox.clock.set('2026-02-04T10:00:00Z');
    await admin('/21004/compensation-change', { effectiveDate: '2026-03-01', compensation: { basis: 'annual', amount: '98000.00', currency: 'EUR' } });
    sandbox.clock.set('2026-02-05T10:00:00Z');
    await admin('/21003/termination', { terminationDate: '2026-02-27' });
    sandbox.clock.set('2026-02-06T10:00:00Z');

    const all = await delta('2026-02-01T00:00:00Z', '2026-02-06T00:00:00Z');
    expect(employeeIdsOf(all.doc)).toEqual(['21002', '21003', '21004', '22001']);

    const jobChange = await delta('2026-02-03T00:00:00Z', '2026-02-03T23:59:59Z');
    expect(employeeIdsOf(jobChange.doc)).toEqual(['21002']);
    const position = workersOf(jobChange.doc)[0].Worker_Data.Employment_Data.Worker_Job_Data.Position_Data;
    expect(position.Business_Title).toBe('Manager');
    expect(position.Manager).toBe('1');

    // The view is taken as of Updated_Through: the compensation change entered later is not visible yet.
    const early = await delta('2026-02-01T00:00:00Z', '2026-02-03T23:59:59Z', '<bsvc:Response_Filter><bsvc:As_Of_Effective_Date>2026-03-15</bsvc:As_Of_Effective_Date></bsvc:Response_Filter>');
    expect(employeeIdsOf(early.doc)).toEqual(['21002', '22001']);

    const nothing = await delta('2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z');
    expect(resultsOf(nothing.doc)).toMatchObject({ Total_Results: '0', Page_Results: '0' });
    expect(workersOf(nothing.doc)).toEqual([]);
  });

  it('applies effective dates: future-dated changes show only as of their date', async () => {
    sandbox.clock.set('2026-02-05T10:00:00Z');
    await admin('/21003/termination', { terminationDate: '2026-02-27' });
    await admin('/21004/compensation-change', { effectiveDate: '2026-03-01', compensation: { basis: 'annual', amount: '98000.00', currency: 'EUR' } });
    const status = async (id: string, date: string) => {
      const { doc } = await byEmployeeId(id, 'Employee_ID', `<bsvc:Response_Filter><bsvc:As_Of_Effective_Date>${date}</bsvc:As_Of_Effective_Date></bsvc:Response_Filter>`);
      return workersOf(doc)[0].Worker_Data;
    };
    expect((await status('21003', '2026-02-05')).Employment_Data.Worker_Status_Data).toMatchObject({ Active: '1', Terminated: '0' });
    expect((await status('21003', '2026-02-27')).Employment_Data.Worker_Status_Data).toMatchObject({
      Active: '0',
      Terminated: '1',
      Termination_Date: '2026-02-27-08:00',
    });
    const amount = async (date: string) => (await status('21004', date)).Compensation_Data.Employee_Base_Pay_Plan_Assignment_Data.Amount;
    expect(await amount('2026-02-28')).toBe('92000.00');
    expect(await amount('2026-03-01')).toBe('98000.00');

    const activeOnly = await getWorkers(`<bsvc:Request_Criteria><bsvc:Exclude_Inactive_Workers>true</bsvc:Exclude_Inactive_Workers></bsvc:Request_Criteria>
      <bsvc:Response_Filter><bsvc:As_Of_Effective_Date>2026-03-01</bsvc:As_Of_Effective_Date></bsvc:Response_Filter>`);
    expect(employeeIdsOf(activeOnly.doc)).not.toContain('21003');
  });

  it('includes the transaction log when asked, with entry and effective moments', async () => {
    sandbox.clock.set('2026-02-03T10:00:00Z');
    await admin('/21002/job-change', { effectiveDate: '2026-02-01', businessTitle: 'Manager' });
    const { doc } = await byEmployeeId('21002', 'Employee_ID', '<bsvc:Response_Group><bsvc:Include_Transaction_Log_Data>1</bsvc:Include_Transaction_Log_Data></bsvc:Response_Group>');
    const entries = workersOf(doc)[0].Worker_Data.Transaction_Log_Entry_Data.Transaction_Log_Entry;
    expect(entries.map((e: SoapDoc) => e.Transaction_Log_Data.Transaction_Log_Type_Reference.ID[0]['#text'])).toEqual(['Hire', 'Job Change']);
    expect(entries[1].Transaction_Log_Data.Transaction_Entry_Moment).toBe('2026-02-03T10:00:00.000Z');
  });

  it('faults on unknown ids unless Skip_Non_Existing_Instances, and on bad requests', async () => {
    const unknown = await byEmployeeId('99999');
    expect(unknown.status).toBe(500);
    expect(fault(unknown.doc).faultcode).toBe('env:Client.validationError');
    expect(fault(unknown.doc).faultstring).toMatch(/'99999' is not a valid ID value for type = 'Employee_ID'/);
    expect(fault(unknown.doc).detail.Validation_Fault.Validation_Error.Message).toMatch(/99999/);

    const skipped = await getWorkers(`<bsvc:Request_References bsvc:Skip_Non_Existing_Instances="true">
      <bsvc:Worker_Reference><bsvc:ID bsvc:type="Employee_ID">99999</bsvc:ID></bsvc:Worker_Reference>
      <bsvc:Worker_Reference><bsvc:ID bsvc:type="Employee_ID">21001</bsvc:ID></bsvc:Worker_Reference></bsvc:Request_References>`);
    expect(employeeIdsOf(skipped.doc)).toEqual(['21001']);

    const badDate = await delta('yesterday', '2026-01-01T00:00:00Z');
    expect(fault(badDate.doc).faultstring).toMatch(/not a valid dateTime/);
    const reversed = await delta('2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z');
    expect(fault(reversed.doc).faultcode).toBe('env:Client.validationError');

    const token = await fetchAccessToken(sandbox);
    const other = await postSoap(sandbox, getWorkersEnvelope('').replace(/Get_Workers_Request/g, 'Get_Organizations_Request'), token);
    expect(fault(other.doc).faultstring).toMatch(/Unsupported operation Get_Organizations_Request/);
    const malformed = await postSoap(sandbox, '<soapenv:Envelope><oops', token);
    expect(malformed.status).toBe(500);
    expect(fault(malformed.doc).faultcode).toBe('env:Client');
  });
});
