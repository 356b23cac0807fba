import { recordTypeNames, type RecordTypeName, type StoredRecord } from './records/field-spec.js';
import type { AsyncJob } from './async/async-job.js';

/**
 * The sandbox's whole account state, in memory and plain data (so snapshot/restore is a
 * structuredClone). Internal ids are per-record-type sequences, as in NetSuite.
 */
export interface NetSuiteState {
  records: Record<RecordTypeName, Record<string, StoredRecord>>;
  /** Next internal id per id sequence (entities share one, transactions share one, as in NetSuite). */
  nextIds: Record<string, number>;
  /** Next document number per transaction type (tranId). */
  nextTranNumbers: Record<string, number>;
  asyncJobs: Record<string, AsyncJob>;
  /** X-NetSuite-Idempotency-Key -> async job id. */
  idempotencyKeys: Record<string, string>;
  nextJobNumber: number;
}

/** An empty account. */
export function emptyNetSuiteState(): NetSuiteState {
  const records = {} as NetSuiteState['records'];
  for (const name of recordTypeNames) records[name] = {};
  return { records, nextIds: {}, nextTranNumbers: {}, asyncJobs: {}, idempotencyKeys: {}, nextJobNumber: 1 };
}

/** Customers, projects and employees are all entities and share internal ids; so do transactions. */
function idSequenceOf(type: RecordTypeName): string {
  if (type === 'customer' || type === 'job' || type === 'employee') return 'entity';
  if (type === 'timeBill' || type === 'invoice' || type === 'customerPayment') return 'transaction';
  return type;
}

/** Read and write access to the account's records; stamps come from the injected clock. */
export class NetSuiteStore {
  state: NetSuiteState = emptyNetSuiteState();
  /** externalId -> internal id per type; rebuilt whenever `state` is swapped (reset, restore). */
  private externalIds = new Map<RecordTypeName, Map<string, string>>();
  private indexedState: NetSuiteState | undefined;

  constructor(private readonly now: () => Date) {}

  /** The record with internal id `id`, if any. */
  get(type: RecordTypeName, id: string): StoredRecord | undefined {
    return this.state.records[type][id];
  }

  /** The record whose externalId is `externalId`, if any. */
  findByExternalId(type: RecordTypeName, externalId: string): StoredRecord | undefined {
    const id = this.externalIdIndex(type).get(externalId);
    return id === undefined ? undefined : this.state.records[type][id];
  }

  private externalIdIndex(type: RecordTypeName): Map<string, string> {
    if (this.indexedState !== this.state) {
      this.externalIds = new Map();
      this.indexedState = this.state;
    }
    let index = this.externalIds.get(type);
    if (!index) {
      index = new Map();
      for (const record of Object.values(this.state.records[type])) {
        if (typeof record.externalId === 'string') index.set(record.externalId, record.id);
      }
      this.externalIds.set(type, index);
    }
    return index;
  }

  private reindex(type: RecordTypeName, before: StoredRecord | undefined, after: StoredRecord | undefined): void {
    const index = this.externalIdIndex(type);
    if (typeof before?.externalId === 'string' && index.get(before.externalId) === before.id) index.delete(before.externalId);
    if (typeof after?.externalId === 'string') index.set(after.externalId, after.id);
  }

  /** Resolves an id segment: an internal id or `eid:VALUE`. */
  resolve(type: RecordTypeName, idOrEid: string): StoredRecord | undefined {
    if (idOrEid.startsWith('eid:')) return this.findByExternalId(type, idOrEid.slice(4));
    return this.get(type, idOrEid);
  }

  /** All records of a type in internal-id order. */
  list(type: RecordTypeName): StoredRecord[] {
    return Object.values(this.state.records[type]).sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Stores a new record with the next internal id and both date stamps. */
  insert(type: RecordTypeName, fields: Record<string, unknown>): StoredRecord {
    const sequence = idSequenceOf(type);
    const next = this.state.nextIds[sequence] ?? 1;
    this.state.nextIds[sequence] = next + 1;
    const id = String(next);
    const stamp = this.now().toISOString();
    const record: StoredRecord = { ...fields, id, createdDate: stamp, lastModifiedDate: stamp };
    this.state.records[type][id] = record;
    this.reindex(type, undefined, record);
    return record;
  }

  /** Replaces a record's fields (id and createdDate are kept) and stamps lastModifiedDate. */
  replace(type: RecordTypeName, id: string, fields: Record<string, unknown>): StoredRecord {
    const existing = this.state.records[type][id];
    if (!existing) throw new Error(`no ${type} ${id}`);
    const record: StoredRecord = { ...fields, id, createdDate: existing.createdDate, lastModifiedDate: this.now().toISOString() };
    this.state.records[type][id] = record;
    this.reindex(type, existing, record);
    return record;
  }

  /** Removes a record; false when it did not exist. */
  delete(type: RecordTypeName, id: string): boolean {
    const existing = this.state.records[type][id];
    if (!existing) return false;
    delete this.state.records[type][id];
    this.reindex(type, existing, undefined);
    return true;
  }

  /** The next document number for a transaction type (e.g. INV00001). */
  nextTranId(prefix: string): string {
    const next = this.state.nextTranNumbers[prefix] ?? 1;
    this.state.nextTranNumbers[prefix] = next + 1;
    return `${prefix}${String(next).padStart(5, '0')}`;
  }
}
