/**
 * Builds the `Get_Workers_Response` element in Workday's v44.0 shape (wd: prefix,
 * `urn:com.workday/bsvc`), honouring the request's Response_Group.
 * Ref: Workday Web Services, Human_Resources / Get_Workers_Response, Worker_Data.
 */
import { referenceWid } from '../reference-wid.js';
import type { WorkdayReference } from '../worker-model.js';
import type { AsOf, WorkerView } from '../worker-store.js';
import type { GetWorkersRequest } from './get-workers-request.js';
import { WORKDAY_BSVC_NS } from './soap-xml.js';

/** One page of workers and the paging numbers of the whole result. */
export interface GetWorkersPage {
  workers: WorkerView[];
  totalResults: number;
  totalPages: number;
  page: number;
}

/** Returns the `wd:Get_Workers_Response` element to place in the SOAP body. */
export function buildGetWorkersResponse(
  request: GetWorkersRequest,
  asOf: AsOf,
  result: GetWorkersPage,
  options: { dateZone: string },
): Record<string, unknown> {
  const date = (d: string) => `${d}${options.dateZone}`;
  const { group } = request;
  return {
    'wd:Get_Workers_Response': {
      '@_xmlns:wd': WORKDAY_BSVC_NS,
      '@_wd:version': 'v44.0',
      'wd:Response_Filter': {
        'wd:As_Of_Effective_Date': date(asOf.effectiveDate),
        'wd:As_Of_Entry_DateTime': asOf.entryMoment.toISOString(),
        'wd:Page': result.page,
        'wd:Count': request.count,
      },
      'wd:Response_Group': {
        'wd:Include_Reference': bit(group.reference),
        'wd:Include_Personal_Information': bit(group.personal),
        'wd:Include_Employment_Information': bit(group.employment),
        'wd:Include_Compensation': bit(group.compensation),
        'wd:Include_Organizations': bit(group.organizations),
        'wd:Include_Transaction_Log_Data': bit(group.transactionLog),
      },
      'wd:Response_Results': {
        'wd:Total_Results': result.totalResults,
        'wd:Total_Pages': result.totalPages,
        'wd:Page_Results': result.workers.length,
        'wd:Page': result.page,
      },
      'wd:Response_Data': { 'wd:Worker': result.workers.map((w) => workerElement(w, request, date)) },
    },
  };
}

function workerElement(worker: WorkerView, request: GetWorkersRequest, date: (d: string) => string): Record<string, unknown> {
  const { group } = request;
  const idType = worker.workerType === 'employee' ? 'Employee_ID' : 'Contingent_Worker_ID';
  const data: Record<string, unknown> = { 'wd:Worker_ID': worker.employeeId, 'wd:User_ID': worker.email };
  if (group.personal) data['wd:Personal_Data'] = personalData(worker);
  if (group.employment) data['wd:Employment_Data'] = employmentData(worker, date);
  if (group.compensation) data['wd:Compensation_Data'] = compensationData(worker, date);
  if (group.organizations) data['wd:Organization_Data'] = organizationData(worker);
  if (group.transactionLog) data['wd:Transaction_Log_Entry_Data'] = transactionLog(worker, date('') || 'Z');
  return {
    ...(group.reference
      ? { 'wd:Worker_Reference': { 'wd:ID': [id('WID', worker.wid), id(idType, worker.employeeId)] } }
      : {}),
    'wd:Worker_Descriptor': `${worker.firstName} ${worker.lastName}`,
    'wd:Worker_Data': data,
  };
}

function personalData(worker: WorkerView): Record<string, unknown> {
  return {
    'wd:Name_Data': {
      'wd:Legal_Name_Data': {
        'wd:Name_Detail_Data': {
          '@_wd:Formatted_Name': `${worker.firstName} ${worker.lastName}`,
          '@_wd:Reporting_Name': `${worker.lastName}, ${worker.firstName}`,
          'wd:First_Name': worker.firstName,
          'wd:Last_Name': worker.lastName,
        },
      },
    },
    'wd:Contact_Data': {
      'wd:Email_Address_Data': {
        'wd:Email_Address': worker.email,
        'wd:Usage_Data': {
          '@_wd:Public': '1',
          'wd:Type_Data': { '@_wd:Primary': '1', 'wd:Type_Reference': { 'wd:ID': id('Communication_Usage_Type_ID', 'WORK') } },
        },
      },
    },
  };
}

function employmentData(worker: WorkerView, date: (d: string) => string): Record<string, unknown> {
  const typeRef =
    worker.workerType === 'employee' ? id('Employee_Type_ID', 'Regular') : id('Contingent_Worker_Type_ID', 'Contractor');
  return {
    'wd:Worker_Job_Data': {
      '@_wd:Primary_Job': '1',
      'wd:Position_Data': {
        'wd:Business_Title': worker.businessTitle,
        'wd:Worker_Type_Reference': { 'wd:ID': typeRef },
        'wd:Job_Profile_Summary_Data': {
          'wd:Job_Profile_Reference': reference('Job_Profile_ID', worker.jobProfile),
          'wd:Job_Profile_Name': worker.jobProfile.name,
        },
        'wd:Business_Site_Summary_Data': {
          'wd:Location_Reference': reference('Location_ID', worker.location),
          'wd:Name': worker.location.name,
        },
        'wd:Manager': bit(worker.isManager),
      },
    },
    'wd:Worker_Status_Data': {
      'wd:Active': bit(worker.active),
      'wd:Hire_Date': date(worker.hireDate),
      'wd:Original_Hire_Date': date(worker.hireDate),
      'wd:Terminated': bit(worker.terminated),
      ...(worker.terminated && worker.terminationDate ? { 'wd:Termination_Date': date(worker.terminationDate) } : {}),
    },
  };
}

function compensationData(worker: WorkerView, date: (d: string) => string): Record<string, unknown> {
  const { compensation } = worker;
  const effective = [...worker.transactions]
    .filter((t) => t.type === 'Hire' || t.type === 'Compensation_Change')
    .map((t) => t.effectiveDate)
    .sort()
    .pop();
  return {
    ...(effective ? { '@_wd:Effective_Date': date(effective) } : {}),
    'wd:Employee_Base_Pay_Plan_Assignment_Data': {
      'wd:Compensation_Plan_Reference': { 'wd:ID': id('Compensation_Plan_ID', compensation.basis === 'annual' ? 'SALARY' : 'HOURLY') },
      'wd:Amount': compensation.amount,
      'wd:Currency_Reference': { 'wd:ID': id('Currency_ID', compensation.currency) },
      'wd:Frequency_Reference': { 'wd:ID': id('Frequency_ID', compensation.basis === 'annual' ? 'Annual' : 'Hourly') },
    },
  };
}

function organizationData(worker: WorkerView): Record<string, unknown> {
  const organizations: [string, string, WorkdayReference][] = [
    ['Cost_Center', 'Cost_Center_Reference_ID', worker.costCenter],
    ['Company', 'Company_Reference_ID', worker.company],
    ['Region', 'Organization_Reference_ID', worker.region],
    ['Supervisory', 'Organization_Reference_ID', worker.supervisoryOrg],
  ];
  return {
    'wd:Worker_Organization_Data': organizations.map(([type, idType, ref]) => ({
      'wd:Organization_Reference': {
        'wd:ID': [id('WID', referenceWid(type, ref.id)), id(idType, ref.id)],
      },
      'wd:Organization_Data': {
        'wd:Organization_Reference_ID': ref.id,
        'wd:Organization_Code': ref.id,
        'wd:Organization_Name': ref.name,
        'wd:Organization_Type_Reference': { 'wd:ID': id('Organization_Type_ID', type) },
      },
    })),
  };
}

function transactionLog(worker: WorkerView, zone: string): Record<string, unknown> {
  return {
    'wd:Transaction_Log_Entry': worker.transactions.map((t) => ({
      'wd:Transaction_Log_Reference': { 'wd:ID': id('WID', t.wid) },
      'wd:Transaction_Log_Data': {
        'wd:Transaction_Log_Description': `${t.type.replace('_', ' ')}: ${worker.firstName} ${worker.lastName}`,
        'wd:Transaction_Effective_Moment': `${t.effectiveDate}T00:00:00.000${zone}`,
        'wd:Transaction_Entry_Moment': t.enteredAt,
        'wd:Transaction_Log_Type_Reference': { 'wd:ID': id('Business_Process_Type', t.type.replace('_', ' ')) },
      },
    })),
  };
}

function reference(idType: string, ref: WorkdayReference): Record<string, unknown> {
  return { 'wd:ID': [id('WID', referenceWid(idType, ref.id)), id(idType, ref.id)] };
}

function id(type: string, value: string): Record<string, unknown> {
  return { '@_wd:type': type, '#text': value };
}

function bit(value: boolean): string {
  return value ? '1' : '0';
}
