import { NonRetryableError } from '../../../runtime/errors.js';
import type { WorkdayClient } from '../client.js';
import { soapGetWorkersResponseSchema, soapWorkerSchema, type SoapWorker } from '../schemas.js';
import { xmlEscape } from '../soap-xml.js';

/** What to ask Get_Workers for. */
export interface GetWorkersQuery {
  /** Transaction-log delta: workers with a transaction entered in [from, through] (both inclusive). */
  updated?: { from: Date; through: Date } | undefined;
  /** Only these workers (by WID); unknown ones are skipped. */
  wids?: readonly string[] | undefined;
  /** View as of this effective date (`YYYY-MM-DD`; Workday's default is today). */
  asOfEffectiveDate?: string | undefined;
  /** View as of this entry moment (Workday's default: Updated_Through for a delta, else now). */
  asOfEntryMoment?: Date | undefined;
  /** Page from 1. */
  page: number;
  /** Workers per page, 1..999. */
  count: number;
}

/** One page of Get_Workers: paging numbers, the valid workers, and the ones that failed validation. */
export interface GetWorkersPage {
  totalResults: number;
  totalPages: number;
  page: number;
  workers: SoapWorker[];
  rejected: { index: number; reason: string }[];
}

/**
 * Get_Workers (Human_Resources) with the groups the mappers need: reference, personal, employment,
 * compensation, organizations and the transaction log.
 * Vendor doc: https://community.workday.com/sites/default/files/file-hosting/productionapi/Human_Resources/v44.0/Get_Workers.html
 */
export async function getWorkers(client: WorkdayClient, query: GetWorkersQuery): Promise<GetWorkersPage> {
  const body = await client.callSoap(buildGetWorkersRequest(query), 'Get_Workers');
  const parsed = soapGetWorkersResponseSchema.safeParse(body['Get_Workers_Response']);
  if (!parsed.success) {
    throw new NonRetryableError(`${client.connection}: Get_Workers: unexpected response: ${parsed.error.message}`, { kind: 'validation', connection: client.connection });
  }
  const workers: SoapWorker[] = [];
  const rejected: GetWorkersPage['rejected'] = [];
  (parsed.data.Response_Data?.Worker ?? []).forEach((raw, index) => {
    const worker = soapWorkerSchema.safeParse(raw);
    if (worker.success) workers.push(worker.data);
    else rejected.push({ index, reason: worker.error.issues.map((i) => `${i.path.join('/')}: ${i.message}`).join('; ') });
  });
  const results = parsed.data.Response_Results;
  return { totalResults: results.Total_Results, totalPages: results.Total_Pages, page: results.Page, workers, rejected };
}

/** The `bsvc:Get_Workers_Request` element of a query. */
export function buildGetWorkersRequest(query: GetWorkersQuery): string {
  const parts: string[] = ['<bsvc:Get_Workers_Request bsvc:version="v44.0">'];
  if (query.wids && query.wids.length > 0) {
    parts.push('<bsvc:Request_References bsvc:Skip_Non_Existing_Instances="true">');
    for (const wid of query.wids) parts.push(`<bsvc:Worker_Reference><bsvc:ID bsvc:type="WID">${xmlEscape(wid)}</bsvc:ID></bsvc:Worker_Reference>`);
    parts.push('</bsvc:Request_References>');
  }
  if (query.updated) {
    parts.push(
      '<bsvc:Request_Criteria><bsvc:Transaction_Log_Criteria_Data><bsvc:Transaction_Date_Range_Data>',
      `<bsvc:Updated_From>${query.updated.from.toISOString()}</bsvc:Updated_From>`,
      `<bsvc:Updated_Through>${query.updated.through.toISOString()}</bsvc:Updated_Through>`,
      '</bsvc:Transaction_Date_Range_Data></bsvc:Transaction_Log_Criteria_Data></bsvc:Request_Criteria>',
    );
  }
  parts.push('<bsvc:Response_Filter>');
  if (query.asOfEffectiveDate) parts.push(`<bsvc:As_Of_Effective_Date>${xmlEscape(query.asOfEffectiveDate)}</bsvc:As_Of_Effective_Date>`);
  if (query.asOfEntryMoment) parts.push(`<bsvc:As_Of_Entry_DateTime>${query.asOfEntryMoment.toISOString()}</bsvc:As_Of_Entry_DateTime>`);
  parts.push(`<bsvc:Page>${query.page}</bsvc:Page><bsvc:Count>${query.count}</bsvc:Count></bsvc:Response_Filter>`);
  parts.push(
    '<bsvc:Response_Group><bsvc:Include_Reference>true</bsvc:Include_Reference>',
    '<bsvc:Include_Personal_Information>true</bsvc:Include_Personal_Information>',
    '<bsvc:Include_Employment_Information>true</bsvc:Include_Employment_Information>',
    '<bsvc:Include_Compensation>true</bsvc:Include_Compensation>',
    '<bsvc:Include_Organizations>true</bsvc:Include_Organizations>',
    '<bsvc:Include_Transaction_Log_Data>true</bsvc:Include_Transaction_Log_Data></bsvc:Response_Group>',
    '</bsvc:Get_Workers_Request>',
  );
  return parts.join('');
}
