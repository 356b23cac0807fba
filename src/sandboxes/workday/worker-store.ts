/**
 * In-memory Workday tenant: workers kept as effective-dated transaction logs, so any past view
 * (As_Of_Effective_Date x As_Of_Entry_DateTime) and any delta (transactions entered in a range)
 * can be answered exactly as Workday would.
 */
import type { SandboxClock } from '../kit/clock.js';
import { createRandom, type SandboxRandom } from '../kit/random.js';
import {
  compensationChangeInputSchema,
  hireInputSchema,
  jobChangeInputSchema,
  terminationInputSchema,
  type WorkerAttributes,
  type WorkerRecord,
  type WorkerTransaction,
  type TransactionType,
} from './worker-model.js';

/** A worker as seen at one effective date and entry moment. */
export interface WorkerView extends WorkerAttributes {
  wid: string;
  active: boolean;
  terminated: boolean;
  /** The transactions visible at the entry moment (all effective dates), oldest first. */
  transactions: WorkerTransaction[];
}

/** Which moment a view is taken at. */
export interface AsOf {
  effectiveDate: string;
  entryMoment: Date;
}

/** A rejected admin action, with the HTTP status the admin route should answer. */
export class WorkerStoreError extends Error {
  override readonly name = 'WorkerStoreError';
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** The worker store and its admin state hooks. */
export interface WorkerStore {
  hire(input: unknown): WorkerView;
  changeJob(reference: string, input: unknown): WorkerView;
  changeCompensation(reference: string, input: unknown): WorkerView;
  terminate(reference: string, input: unknown): WorkerView;
  /** Finds a worker by WID, Employee_ID or Contingent_Worker_ID. */
  find(reference: string): WorkerRecord | undefined;
  /** All workers in hire-entry order. */
  all(): WorkerRecord[];
  /** The worker at `asOf`, or undefined when its hire was not yet entered then. */
  view(record: WorkerRecord, asOf: AsOf): WorkerView | undefined;
  /** Workers with at least one transaction entered in [from, through]. */
  updatedBetween(from: Date, through: Date): WorkerRecord[];
  /** Today's view (sandbox clock) of a worker. */
  current(record: WorkerRecord): WorkerView | undefined;
  reset(): void;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

interface StoreData {
  records: WorkerRecord[];
  nextEmployeeNumber: number;
}

/** Creates an empty worker store; WIDs are drawn from `seed` so runs are reproducible. */
export function createWorkerStore(options: { clock: SandboxClock; seed?: number }): WorkerStore {
  const seed = options.seed ?? 1;
  let random: SandboxRandom = createRandom(seed);
  let data: StoreData = { records: [], nextEmployeeNumber: 21001 };

  const nowIso = () => options.clock.now().toISOString();
  const newWid = () => {
    let wid = '';
    while (wid.length < 32) wid += random.int(0, 0xffff).toString(16).padStart(4, '0');
    return wid;
  };
  const today = () => nowIso().slice(0, 10);

  const find = (reference: string) =>
    data.records.find((r) => r.wid === reference.toLowerCase() || r.employeeId === reference);

  /** Sequential Employee_IDs, skipping ids already given explicitly. */
  const nextFreeEmployeeId = () => {
    while (find(String(data.nextEmployeeNumber))) data.nextEmployeeNumber += 1;
    return String(data.nextEmployeeNumber++);
  };

  const mustFind = (reference: string) => {
    const record = find(reference);
    if (!record) throw new WorkerStoreError(404, `no worker with id ${reference}`);
    return record;
  };

  const view = (record: WorkerRecord, asOf: AsOf): WorkerView | undefined => {
    const entry = asOf.entryMoment.getTime();
    const entered = record.transactions.filter((t) => Date.parse(t.enteredAt) <= entry);
    const hire = entered.find((t) => t.type === 'Hire');
    if (!hire) return undefined;
    const effective = entered
      .filter((t) => t !== hire && t.effectiveDate <= asOf.effectiveDate)
      .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.enteredAt.localeCompare(b.enteredAt));
    let attributes = { ...(hire.changes as WorkerAttributes) };
    for (const t of effective) attributes = { ...attributes, ...t.changes };
    const terminated = attributes.terminationDate !== null && attributes.terminationDate <= asOf.effectiveDate;
    return {
      ...structuredClone(attributes),
      wid: record.wid,
      terminated,
      active: !terminated && attributes.hireDate <= asOf.effectiveDate,
      transactions: structuredClone(entered),
    };
  };

  const current = (record: WorkerRecord) => view(record, { effectiveDate: today(), entryMoment: options.clock.now() });

  /** The latest view including future-dated changes, used to validate new transactions. */
  const latest = (record: WorkerRecord) => view(record, { effectiveDate: '9999-12-31', entryMoment: new Date(8.64e15) })!;

  const append = (record: WorkerRecord, type: TransactionType, effectiveDate: string, changes: Partial<WorkerAttributes>) => {
    const state = latest(record);
    if (effectiveDate < state.hireDate) {
      throw new WorkerStoreError(400, `effective date ${effectiveDate} is before the hire date ${state.hireDate}`);
    }
    if (state.terminationDate !== null && effectiveDate > state.terminationDate) {
      throw new WorkerStoreError(400, `worker ${record.employeeId} is terminated as of ${state.terminationDate}`);
    }
    record.transactions.push({ wid: newWid(), type, effectiveDate, enteredAt: nowIso(), changes });
    return current(record) ?? latest(record);
  };

  return {
    hire(input) {
      const parsed = hireInputSchema.parse(input);
      const employeeId = parsed.employeeId ?? nextFreeEmployeeId();
      if (find(employeeId)) throw new WorkerStoreError(409, `a worker with Employee_ID ${employeeId} already exists`);
      const wid = newWid();
      const attributes: WorkerAttributes = {
        ...parsed,
        employeeId,
        email: parsed.email ?? `${parsed.firstName}.${parsed.lastName}@example.com`.toLowerCase().replace(/\s+/g, ''),
        supervisoryOrg: parsed.supervisoryOrg ?? { id: `SUP_${parsed.costCenter.id}`, name: `${parsed.costCenter.name} Team` },
        terminationDate: null,
      };
      const record: WorkerRecord = {
        wid,
        employeeId,
        transactions: [{ wid: newWid(), type: 'Hire', effectiveDate: parsed.hireDate, enteredAt: nowIso(), changes: attributes }],
      };
      data.records.push(record);
      return current(record) ?? latest(record);
    },
    changeJob(reference, input) {
      const { effectiveDate, ...changes } = jobChangeInputSchema.parse(input);
      return append(mustFind(reference), 'Job_Change', effectiveDate, changes);
    },
    changeCompensation(reference, input) {
      const { effectiveDate, compensation } = compensationChangeInputSchema.parse(input);
      return append(mustFind(reference), 'Compensation_Change', effectiveDate, { compensation });
    },
    terminate(reference, input) {
      const { terminationDate } = terminationInputSchema.parse(input);
      const record = mustFind(reference);
      if (latest(record).terminationDate !== null) {
        throw new WorkerStoreError(409, `worker ${record.employeeId} already has a termination`);
      }
      return append(record, 'Termination', terminationDate, { terminationDate });
    },
    find,
    all: () => data.records,
    view,
    current,
    updatedBetween(from, through) {
      const lo = from.getTime();
      const hi = through.getTime();
      return data.records.filter((r) =>
        r.transactions.some((t) => {
          const at = Date.parse(t.enteredAt);
          return at >= lo && at <= hi;
        }),
      );
    },
    reset() {
      random = createRandom(seed);
      data = { records: [], nextEmployeeNumber: 21001 };
    },
    snapshot: () => structuredClone(data),
    restore(snapshot) {
      data = structuredClone(snapshot as StoreData);
    },
  };
}
