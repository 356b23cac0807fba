import type { LedgerTimeBill } from '../../ports/ledger.js';
import { durationToHours, hoursToDuration } from './hours.js';

/** timeBill approvalStatus ids (NetSuite: 1 Open, 2 Pending Approval, 3 Approved, 4 Rejected). */
export const TIME_BILL_APPROVAL = { open: '1', pending: '2', approved: '3', rejected: '4' } as const;

/** Internal ids the time bill refers to, resolved before mapping. */
export interface TimeBillRefs {
  employeeId: string;
  /** The job (project) the time is for; NetSuite calls the field `customer`. */
  customerId: string;
  itemId: string;
}

/**
 * A canonical ledger time bill as a NetSuite timeBill body: employee, customer (the job), item, hours
 * (duration), tranDate, rate (decimal string, never a float), isBillable, approvalStatus, memo,
 * externalId. A rejected bill stays for audit, marked Rejected and not billable.
 * Vendor doc: NetSuite REST API Browser, record "timeBill".
 */
export function toNetSuiteTimeBill(bill: LedgerTimeBill, refs: TimeBillRefs): Record<string, unknown> {
  const approved = bill.status === 'approved';
  return {
    externalId: bill.externalId,
    employee: { id: refs.employeeId },
    customer: { id: refs.customerId },
    item: { id: refs.itemId },
    hours: hoursToDuration(bill.hours),
    tranDate: bill.workDate,
    isBillable: approved && bill.billable,
    ...(bill.rate ? { rate: bill.rate.amount } : {}),
    approvalStatus: { id: approved ? TIME_BILL_APPROVAL.approved : TIME_BILL_APPROVAL.rejected },
    ...(bill.memo !== undefined ? { memo: bill.memo } : {}),
  };
}

/** A NetSuite time bill as the hub compares it (reconciliation, the demo's PSA-vs-ERP check). */
export interface LedgerTimeBillRecord {
  id: string;
  externalId?: string | undefined;
  employeeId?: string | undefined;
  projectId?: string | undefined;
  workDate: string;
  /** Decimal string hours. */
  hours: string;
  /** Decimal string rate in the project's currency, when set. */
  rate?: string | undefined;
  billable: boolean;
  status: 'open' | 'pending' | 'approved' | 'rejected';
  lastModified?: string | undefined;
}

const statusById: Record<string, LedgerTimeBillRecord['status']> = { '1': 'open', '2': 'pending', '3': 'approved', '4': 'rejected' };

/**
 * Reads a timeBill SuiteQL row (`id, externalid, employee, customer, hours, trandate (YYYY-MM-DD via
 * TO_CHAR), rate, isbillable 'T'/'F', approvalstatus`) or a REST record into the comparison shape.
 */
export function fromNetSuiteTimeBill(row: Record<string, unknown>): LedgerTimeBillRecord {
  const pick = (...names: string[]) => names.map((name) => row[name]).find((value) => value !== undefined && value !== null);
  const refId = (value: unknown) => (typeof value === 'object' && value !== null ? String((value as { id: unknown }).id) : value === undefined ? undefined : String(value));
  const billable = pick('isbillable', 'isBillable');
  const status = refId(pick('approvalstatus', 'approvalStatus'));
  const rate = pick('rate');
  return {
    id: String(row.id),
    externalId: pick('externalid', 'externalId') as string | undefined,
    employeeId: refId(pick('employee')),
    projectId: refId(pick('customer')),
    workDate: normalizeDate(String(pick('trandate', 'tranDate'))),
    hours: durationToHours(pick('hours')),
    ...(rate !== undefined ? { rate: String(rate) } : {}),
    billable: billable === true || billable === 'T',
    status: statusById[status ?? '1'] ?? 'open',
    lastModified: pick('lastmodified', 'lastModifiedDate') as string | undefined,
  };
}

/** `YYYY-MM-DD` from `YYYY-MM-DD`, an ISO instant, or SuiteQL's `M/D/YYYY`. */
export function normalizeDate(text: string): string {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (us) return `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
  return text.slice(0, 10);
}
