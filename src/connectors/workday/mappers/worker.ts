import { Decimal } from 'decimal.js';
import type { SystemRef } from '../../../canonical/entities/refs.js';
import type { Worker } from '../../../canonical/entities/worker.js';
import { isCurrencyCode } from '../../../canonical/money/index.js';
import { idOf, type SoapWorker } from '../schemas.js';

/** What the worker mapper needs besides the payload. */
export interface WorkerMappingContext {
  connection: string;
  /** Working hours per year to turn an annual salary into an hourly cost rate (default "2080"). */
  annualHours?: string | undefined;
}

/** A transaction of a worker's log, normalised. */
export interface WorkerTransaction {
  wid: string | undefined;
  /** Business process type, e.g. `Hire`, `Job Change`, `Compensation Change`, `Termination`. */
  type: string;
  /** Business date it takes effect (`YYYY-MM-DD`), when given. */
  effectiveDate: string | undefined;
  /** UTC ISO instant it was entered (what deltas filter on). */
  enteredAt: string;
}

/** The worker's WID (its id in Workday), or the Employee_ID when no WID came back. */
export function workerWidOf(worker: SoapWorker): string {
  return idOf(worker.Worker_Reference, 'WID') ?? worker.Worker_Data.Worker_ID;
}

/** The system reference of a worker in a Workday connection. */
export function workdayWorkerRef(connection: string, wid: string): SystemRef {
  return { system: 'workday', connection, objectType: 'Worker', id: wid };
}

/** A business date from an `xs:date` with the tenant's zone suffix (`2024-01-08-08:00` -> `2024-01-08`). */
export function businessDateOf(value: string): string {
  return value.slice(0, 10);
}

/** The worker's transaction log, oldest entry first. */
export function transactionsOf(worker: SoapWorker): WorkerTransaction[] {
  const entries = worker.Worker_Data.Transaction_Log_Entry_Data?.Transaction_Log_Entry ?? [];
  return entries
    .map((entry) => {
      const data = entry.Transaction_Log_Data;
      const typeRef = data.Transaction_Log_Type_Reference;
      return {
        wid: idOf(entry.Transaction_Log_Reference, 'WID'),
        type: idOf(typeRef, 'Business_Process_Type') ?? typeRef?.ID[0]?.['#text'] ?? data.Transaction_Log_Description ?? 'Unknown',
        effectiveDate: data.Transaction_Effective_Moment ? businessDateOf(data.Transaction_Effective_Moment) : undefined,
        enteredAt: new Date(data.Transaction_Entry_Moment).toISOString(),
      };
    })
    .sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
}

/**
 * Maps a Get_Workers worker to the canonical Worker (pure). Role is the job profile (what rate cards
 * key on), home legal entity the Company organization, region the Region organization; the cost rate
 * is hourly (an annual salary divided by `annualHours`, 4 decimals, half-even).
 */
export function mapWorkdayWorker(worker: SoapWorker, context: WorkerMappingContext): Worker {
  const data = worker.Worker_Data;
  const wid = workerWidOf(worker);
  const employment = data.Employment_Data;
  const jobs = employment?.Worker_Job_Data ?? [];
  const position = (jobs.find((j) => j['@_Primary_Job'] === '1' || j['@_Primary_Job'] === 'true') ?? jobs[0])?.Position_Data;
  const status = employment?.Worker_Status_Data;
  const organizations = data.Organization_Data?.Worker_Organization_Data ?? [];
  const organization = (type: string) => organizations.find((o) => idOf(o.Organization_Data.Organization_Type_Reference, 'Organization_Type_ID') === type)?.Organization_Data;
  const company = organization('Company');
  const region = organization('Region');
  const name = data.Personal_Data?.Name_Data?.Legal_Name_Data?.Name_Detail_Data;
  const displayName = worker.Worker_Descriptor ?? ([name?.First_Name, name?.Last_Name].filter(Boolean).join(' ') || data.Worker_ID);
  const email = data.Personal_Data?.Contact_Data?.Email_Address_Data?.[0]?.Email_Address ?? data.User_ID;
  const terminated = flag(status?.Terminated);
  const costRate = costRateOf(worker, context.annualHours ?? '2080');
  return {
    systemRefs: [workdayWorkerRef(context.connection, wid)],
    employeeId: data.Worker_ID,
    displayName,
    ...(email && EMAIL.test(email) ? { email } : {}),
    role: position?.Job_Profile_Summary_Data?.Job_Profile_Name ?? position?.Business_Title ?? 'Unassigned',
    employeeClass: employeeClassOf(worker),
    ...(costRate ? { costRate } : {}),
    homeLegalEntityRef: { refs: company ? [{ system: 'workday', connection: context.connection, objectType: 'Company', id: company.Organization_Reference_ID }] : [] },
    region: region?.Organization_Name ?? region?.Organization_Reference_ID ?? 'Unassigned',
    activeFrom: businessDateOf(status?.Hire_Date ?? '0000-00-00'),
    ...(terminated && status?.Termination_Date ? { activeTo: businessDateOf(status.Termination_Date) } : {}),
    status: terminated ? 'terminated' : flag(status?.Active) ? 'active' : 'on_leave',
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function flag(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

function employeeClassOf(worker: SoapWorker): Worker['employeeClass'] {
  const typeRef = worker.Worker_Data.Employment_Data?.Worker_Job_Data?.[0]?.Position_Data?.Worker_Type_Reference;
  if (idOf(typeRef, 'Contingent_Worker_Type_ID') !== undefined || idOf(worker.Worker_Reference, 'Contingent_Worker_ID') !== undefined) return 'contractor';
  return /intern/i.test(idOf(typeRef, 'Employee_Type_ID') ?? '') ? 'intern' : 'employee';
}

function costRateOf(worker: SoapWorker, annualHours: string): Worker['costRate'] {
  const pay = worker.Worker_Data.Compensation_Data?.Employee_Base_Pay_Plan_Assignment_Data;
  const currency = idOf(pay?.Currency_Reference, 'Currency_ID');
  if (!pay || !currency || !isCurrencyCode(currency) || !/^-?\d+(\.\d+)?$/.test(pay.Amount)) return undefined;
  const frequency = idOf(pay.Frequency_Reference, 'Frequency_ID') ?? 'Annual';
  const amount = new Decimal(pay.Amount);
  const hourly = /hour/i.test(frequency) ? amount : amount.dividedBy(new Decimal(annualHours));
  return { amount: hourly.toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed(), currency };
}
