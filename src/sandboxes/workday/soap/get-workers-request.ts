/**
 * Reads a `Get_Workers_Request` (Human_Resources v44.0) into a typed query, rejecting what Workday
 * would reject with a validation fault.
 * Ref: Workday Web Services, Human_Resources / Get_Workers (Request_References, Request_Criteria,
 * Response_Filter, Response_Group).
 */
import { isRecord, textOf } from './soap-xml.js';

/** Reference id types a worker can be asked for by. */
export type WorkerIdType = 'WID' | 'Employee_ID' | 'Contingent_Worker_ID';

/** Which parts of each worker to return. */
export interface WorkersResponseGroup {
  reference: boolean;
  personal: boolean;
  employment: boolean;
  compensation: boolean;
  organizations: boolean;
  transactionLog: boolean;
}

/** A parsed Get_Workers request. */
export interface GetWorkersRequest {
  references?: { type: WorkerIdType; value: string }[];
  skipNonExistingInstances: boolean;
  updatedFrom?: Date;
  updatedThrough?: Date;
  excludeInactiveWorkers: boolean;
  asOfEffectiveDate?: string;
  asOfEntryMoment?: Date;
  page: number;
  count: number;
  group: WorkersResponseGroup;
}

/** A request Workday would answer with `Client.validationError`. */
export class SoapValidationError extends Error {
  override readonly name = 'SoapValidationError';
  constructor(
    message: string,
    readonly xpath?: string,
  ) {
    super(message);
  }
}

const MAX_COUNT = 999;
const DEFAULT_COUNT = 100;
const idTypes = new Set<string>(['WID', 'Employee_ID', 'Contingent_Worker_ID']);

/** Parses the `Get_Workers_Request` element (namespace prefixes already removed). */
export function parseGetWorkersRequest(element: unknown): GetWorkersRequest {
  const request = isRecord(element) ? element : {};
  const filter = child(request, 'Response_Filter');
  const criteria = child(request, 'Request_Criteria');
  const logCriteria = arrayOf(criteria['Transaction_Log_Criteria_Data'])[0];
  const range = isRecord(logCriteria) ? child(logCriteria, 'Transaction_Date_Range_Data') : {};

  const page = positiveInt(textOf(filter['Page']), 1, 'Response_Filter/Page');
  const count = positiveInt(textOf(filter['Count']), DEFAULT_COUNT, 'Response_Filter/Count');
  if (count > MAX_COUNT) throw new SoapValidationError(`Count must be at most ${MAX_COUNT}`, 'Response_Filter/Count');

  const updatedFrom = dateTime(textOf(range['Updated_From']), 'Transaction_Date_Range_Data/Updated_From');
  const updatedThrough = dateTime(textOf(range['Updated_Through']), 'Transaction_Date_Range_Data/Updated_Through');
  if ((updatedFrom === undefined) !== (updatedThrough === undefined)) {
    throw new SoapValidationError('Updated_From and Updated_Through must be given together', 'Transaction_Date_Range_Data');
  }
  if (updatedFrom && updatedThrough && updatedFrom > updatedThrough) {
    throw new SoapValidationError('Updated_From must not be after Updated_Through', 'Transaction_Date_Range_Data');
  }

  const references = readReferences(request);
  const asOfEffectiveDate = businessDate(textOf(filter['As_Of_Effective_Date']), 'Response_Filter/As_Of_Effective_Date');
  const asOfEntryMoment = dateTime(textOf(filter['As_Of_Entry_DateTime']), 'Response_Filter/As_Of_Entry_DateTime');
  const referencesNode = child(request, 'Request_References');
  return {
    ...(references ? { references } : {}),
    skipNonExistingInstances: flag(referencesNode['@_Skip_Non_Existing_Instances'], false),
    ...(updatedFrom ? { updatedFrom } : {}),
    ...(updatedThrough ? { updatedThrough } : {}),
    excludeInactiveWorkers: flag(criteria['Exclude_Inactive_Workers'], false),
    ...(asOfEffectiveDate ? { asOfEffectiveDate } : {}),
    ...(asOfEntryMoment ? { asOfEntryMoment } : {}),
    page,
    count,
    group: readResponseGroup(request['Response_Group']),
  };
}

function readReferences(request: Record<string, unknown>): GetWorkersRequest['references'] {
  const node = request['Request_References'];
  if (!isRecord(node)) return undefined;
  const references: { type: WorkerIdType; value: string }[] = [];
  for (const workerReference of arrayOf(node['Worker_Reference'])) {
    const ids = isRecord(workerReference) ? arrayOf(workerReference['ID']) : [];
    // A reference may carry several IDs for the same worker; the first usable one identifies it.
    const id = ids[0];
    const type = isRecord(id) ? String(id['@_type'] ?? '') : '';
    const value = textOf(id);
    if (!idTypes.has(type)) {
      throw new SoapValidationError(`Invalid ID type '${type}' for Worker_Reference`, 'Request_References/Worker_Reference/ID/@type');
    }
    if (!value) throw new SoapValidationError('Worker_Reference/ID is empty', 'Request_References/Worker_Reference/ID');
    references.push({ type: type as WorkerIdType, value });
  }
  if (references.length === 0) {
    throw new SoapValidationError('Request_References needs at least one Worker_Reference', 'Request_References');
  }
  return references;
}

function readResponseGroup(node: unknown): WorkersResponseGroup {
  // Without a Response_Group Workday returns the reference and the main data groups.
  if (!isRecord(node)) {
    return { reference: true, personal: true, employment: true, compensation: true, organizations: true, transactionLog: false };
  }
  return {
    reference: flag(node['Include_Reference'], true),
    personal: flag(node['Include_Personal_Information'], false),
    employment: flag(node['Include_Employment_Information'], false),
    compensation: flag(node['Include_Compensation'], false),
    organizations: flag(node['Include_Organizations'], false),
    transactionLog: flag(node['Include_Transaction_Log_Data'], false),
  };
}

function flag(node: unknown, fallback: boolean): boolean {
  const text = textOf(node);
  if (text === undefined || text === '') return fallback;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new SoapValidationError(`'${text}' is not a valid boolean`);
}

function positiveInt(text: string | undefined, fallback: number, xpath: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new SoapValidationError(`'${text}' is not a valid positive integer`, xpath);
  return value;
}

function dateTime(text: string | undefined, xpath: string): Date | undefined {
  if (text === undefined || text === '') return undefined;
  const value = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(value.getTime())) {
    throw new SoapValidationError(`'${text}' is not a valid dateTime`, xpath);
  }
  return value;
}

/** xs:date may carry a zone (`2026-01-05-08:00`); the business date is its first ten characters. */
function businessDate(text: string | undefined, xpath: string): string | undefined {
  if (text === undefined || text === '') return undefined;
  const date = text.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    throw new SoapValidationError(`'${text}' is not a valid date`, xpath);
  }
  return date;
}

function child(node: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = node[name];
  return isRecord(value) ? value : {};
}

function arrayOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
