import type { RecordTypeName, RecordTypeSpec, StoredRecord } from './field-spec.js';

/**
 * The record types the sandbox serves, described as data. Field names follow NetSuite's REST record
 * browser (2026.1). Vendor doc: NetSuite "REST API Browser" record pages.
 */

const text = (record: StoredRecord, ...keys: string[]): string => {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return record.id;
};

/** Invoice status ids and NetSuite's labels; partial payments leave an invoice "Open". */
export const invoiceStatus = { open: 'A', paidInFull: 'B' } as const;
const invoiceStatusOptions = { A: 'Open', B: 'Paid In Full', D: 'Pending Approval', E: 'Rejected', V: 'Voided' };

/** timeBill approvalStatus ids and labels. */
const approvalStatusOptions = { '1': 'Open', '2': 'Pending Approval', '3': 'Approved', '4': 'Rejected' };
const timeTypeOptions = { A: 'Actual Time', B: 'Planned Time', P: 'Allocated Time' };

const subsidiary: RecordTypeSpec = {
  name: 'subsidiary',
  fields: {
    name: { kind: 'string', required: true },
    currency: { kind: 'ref', ref: ['currency'], required: true },
    country: { kind: 'string' },
    isInactive: { kind: 'boolean' },
  },
  refName: (r) => text(r, 'name'),
};

const currency: RecordTypeSpec = {
  name: 'currency',
  fields: {
    name: { kind: 'string', required: true },
    symbol: { kind: 'string', required: true },
    currencyPrecision: { kind: 'integer' },
    exchangeRate: { kind: 'decimal' },
    isBaseCurrency: { kind: 'boolean' },
    isInactive: { kind: 'boolean' },
  },
  refName: (r) => text(r, 'name', 'symbol'),
};

const customer: RecordTypeSpec = {
  name: 'customer',
  fields: {
    entityId: { kind: 'string' },
    companyName: { kind: 'string', required: true },
    subsidiary: { kind: 'ref', ref: ['subsidiary'], required: true },
    currency: { kind: 'ref', ref: ['currency'] },
    email: { kind: 'string' },
    phone: { kind: 'string' },
    isPerson: { kind: 'boolean' },
    isInactive: { kind: 'boolean' },
    terms: { kind: 'string' },
    balance: { kind: 'decimal', readOnly: true },
  },
  refName: (r) => text(r, 'entityId', 'companyName'),
};

const job: RecordTypeSpec = {
  name: 'job',
  fields: {
    entityId: { kind: 'string' },
    companyName: { kind: 'string', required: true },
    parent: { kind: 'ref', ref: ['customer'], required: true },
    subsidiary: { kind: 'ref', ref: ['subsidiary'] },
    currency: { kind: 'ref', ref: ['currency'] },
    startDate: { kind: 'date' },
    projectedEndDate: { kind: 'date' },
    entityStatus: { kind: 'select', options: { '2': 'In Progress', '1': 'Closed', '4': 'Pending', '17': 'Not Awarded' } },
    jobBillingType: { kind: 'select', options: { TM: 'Time and Materials', FF: 'Fixed Bid, Interval', FBM: 'Fixed Bid, Milestone', CB: 'Charge-Based' } },
    isInactive: { kind: 'boolean' },
  },
  refName: (r) => text(r, 'entityId', 'companyName'),
};

const employee: RecordTypeSpec = {
  name: 'employee',
  fields: {
    entityId: { kind: 'string' },
    firstName: { kind: 'string', required: true },
    lastName: { kind: 'string', required: true },
    email: { kind: 'string' },
    subsidiary: { kind: 'ref', ref: ['subsidiary'], required: true },
    laborCost: { kind: 'decimal' },
    title: { kind: 'string' },
    isInactive: { kind: 'boolean' },
  },
  refName: (r) => (typeof r.firstName === 'string' ? `${r.firstName} ${String(r.lastName ?? '')}`.trim() : text(r, 'entityId')),
};

const item: RecordTypeSpec = {
  name: 'item',
  fields: {
    itemId: { kind: 'string', required: true },
    displayName: { kind: 'string' },
    itemType: { kind: 'select', options: { Service: 'Service' }, readOnly: true },
    description: { kind: 'string' },
    basePrice: { kind: 'decimal' },
    isInactive: { kind: 'boolean' },
  },
  refName: (r) => text(r, 'itemId'),
};

const salesTaxItem: RecordTypeSpec = {
  name: 'salesTaxItem',
  fields: {
    itemId: { kind: 'string', required: true },
    description: { kind: 'string' },
    rate: { kind: 'decimal', required: true },
    country: { kind: 'string' },
    isInactive: { kind: 'boolean' },
  },
  refName: (r) => text(r, 'itemId'),
};

const accountingPeriod: RecordTypeSpec = {
  name: 'accountingPeriod',
  fields: {
    periodName: { kind: 'string', required: true },
    startDate: { kind: 'date', required: true },
    endDate: { kind: 'date', required: true },
    closed: { kind: 'boolean' },
    isQuarter: { kind: 'boolean' },
    isYear: { kind: 'boolean' },
    isAdjust: { kind: 'boolean' },
  },
  refName: (r) => text(r, 'periodName'),
};

const timeBill: RecordTypeSpec = {
  name: 'timeBill',
  postsToPeriod: true,
  fields: {
    employee: { kind: 'ref', ref: ['employee'], required: true },
    customer: { kind: 'ref', ref: ['customer', 'job'] },
    item: { kind: 'ref', ref: ['item'] },
    hours: { kind: 'decimal', required: true },
    tranDate: { kind: 'date', required: true },
    isBillable: { kind: 'boolean' },
    rate: { kind: 'decimal' },
    price: { kind: 'string' },
    overrideRate: { kind: 'boolean' },
    approvalStatus: { kind: 'select', options: approvalStatusOptions },
    timeType: { kind: 'select', options: timeTypeOptions },
    subsidiary: { kind: 'ref', ref: ['subsidiary'] },
    memo: { kind: 'string' },
    posted: { kind: 'boolean', readOnly: true },
    postingPeriod: { kind: 'ref', ref: ['accountingPeriod'], readOnly: true },
  },
  refName: (r) => r.id,
};

const invoice: RecordTypeSpec = {
  name: 'invoice',
  postsToPeriod: true,
  fields: {
    entity: { kind: 'ref', ref: ['customer', 'job'], required: true },
    job: { kind: 'ref', ref: ['job'] },
    subsidiary: { kind: 'ref', ref: ['subsidiary'] },
    currency: { kind: 'ref', ref: ['currency'] },
    tranDate: { kind: 'date', required: true },
    dueDate: { kind: 'date' },
    tranId: { kind: 'string' },
    memo: { kind: 'string' },
    otherRefNum: { kind: 'string' },
    postingPeriod: { kind: 'ref', ref: ['accountingPeriod'], readOnly: true },
    subtotal: { kind: 'decimal', readOnly: true },
    taxTotal: { kind: 'decimal', readOnly: true },
    total: { kind: 'decimal', readOnly: true },
    amountPaid: { kind: 'decimal', readOnly: true },
    amountRemaining: { kind: 'decimal', readOnly: true },
    status: { kind: 'select', options: invoiceStatusOptions, readOnly: true },
  },
  sublists: {
    item: {
      fields: {
        item: { kind: 'ref', ref: ['item'], required: true },
        description: { kind: 'string' },
        quantity: { kind: 'decimal' },
        rate: { kind: 'decimal' },
        amount: { kind: 'decimal' },
        taxCode: { kind: 'ref', ref: ['salesTaxItem'] },
        taxRate1: { kind: 'decimal', readOnly: true },
        tax1Amt: { kind: 'decimal', readOnly: true },
        grossAmt: { kind: 'decimal', readOnly: true },
        isBillable: { kind: 'boolean' },
      },
    },
  },
  refName: (r) => `Invoice #${String(r.tranId ?? r.id)}`,
};

const customerPayment: RecordTypeSpec = {
  name: 'customerPayment',
  postsToPeriod: true,
  fields: {
    customer: { kind: 'ref', ref: ['customer', 'job'], required: true },
    subsidiary: { kind: 'ref', ref: ['subsidiary'] },
    currency: { kind: 'ref', ref: ['currency'] },
    tranDate: { kind: 'date', required: true },
    tranId: { kind: 'string' },
    payment: { kind: 'decimal', required: true },
    memo: { kind: 'string' },
    postingPeriod: { kind: 'ref', ref: ['accountingPeriod'], readOnly: true },
    applied: { kind: 'decimal', readOnly: true },
    unapplied: { kind: 'decimal', readOnly: true },
  },
  sublists: {
    apply: {
      keyField: 'doc',
      fields: {
        doc: { kind: 'ref', ref: ['invoice'], required: true },
        apply: { kind: 'boolean' },
        amount: { kind: 'decimal' },
        total: { kind: 'decimal', readOnly: true },
        due: { kind: 'decimal', readOnly: true },
        refNum: { kind: 'string', readOnly: true },
      },
    },
  },
  refName: (r) => `Payment #${String(r.tranId ?? r.id)}`,
};

/** Every record type's spec, keyed by REST record name. */
export const recordTypes = {
  subsidiary, currency, customer, job, employee, item, salesTaxItem, accountingPeriod, timeBill, invoice, customerPayment,
} satisfies Record<RecordTypeName, RecordTypeSpec>;

/** The spec for `name`, or undefined for a record type the sandbox does not serve (case-insensitive). */
export function findRecordType(name: string): RecordTypeSpec | undefined {
  const lower = name.toLowerCase();
  return Object.values(recordTypes).find((spec) => spec.name.toLowerCase() === lower);
}
