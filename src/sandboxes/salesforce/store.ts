/**
 * The sandbox org's records, in memory. Every write runs in a transaction (one REST call, one
 * collection record, or a whole allOrNone composite) with an undo log; the changes of a committed
 * outermost transaction are handed to `onCommit` (change data capture). Writes to objects with
 * field history tracking also write their history rows in the same transaction (so a rolled-back
 * write leaves none); history objects themselves are read-only.
 */
import type { SandboxClock } from '../kit/clock.js';
import { sfError } from './errors.js';
import { makeId, normalizeId } from './ids.js';
import { allObjects, findField, findObject, historyObjectOf, objectForPrefix } from './metadata/catalog.js';
import { CREATED_FIELD, defaultTrackedFields, historyDataType, historyParentField } from './metadata/field-history.js';
import type { FieldMeta, ObjectMeta } from './metadata/types.js';
import { objectRules, type SfRecord } from './rules.js';
import { coerceValue, formatDatetime, type FieldValue } from './values.js';

/** Who writes: the OAuth client, its user, and the API version of the call. */
export interface WriteContext {
  clientId: string;
  userId: string;
  version: string;
}

/** One committed record change. */
export interface RecordChange {
  entityName: string;
  recordId: string;
  changeType: 'CREATE' | 'UPDATE' | 'DELETE';
  changedFields: string[];
  /** CREATE: every non-null field; UPDATE: the changed fields; DELETE: none. */
  values: SfRecord;
  commitTimestamp: number;
}

interface StoreData {
  records: Record<string, Record<string, SfRecord>>;
  counters: Record<string, number>;
}

/** The record store; see module comment. */
export interface SalesforceStore {
  transaction<T>(ctx: WriteContext, work: () => T): T;
  create(object: ObjectMeta, input: Record<string, unknown>): string;
  update(object: ObjectMeta, id: string, input: Record<string, unknown>): void;
  remove(object: ObjectMeta | undefined, id: string): void;
  /** The record (deleted ones too) or undefined. */
  get(id: string): SfRecord | undefined;
  list(object: ObjectMeta, includeDeleted: boolean): SfRecord[];
  /** False for a history object whose parent has no field history tracking in this org (it does not exist there). */
  hasObject(object: ObjectMeta): boolean;
  /** The fields whose changes are recorded, per object name (objects with tracking enabled only). */
  readonly trackedFields: Readonly<Record<string, readonly string[]>>;
  findByExternalId(object: ObjectMeta, field: FieldMeta, value: string): SfRecord[];
  /** Inserts a user record for an OAuth client (outside CDC). */
  ensureUser(userId: string, name: string): void;
  nextUserId(): string;
  reset(): void;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  inspect(type?: string): unknown;
}

const emptyData = (): StoreData => ({ records: Object.fromEntries(allObjects.map((o) => [o.name, {}])), counters: {} });
const blank = (v: unknown) => v === null || v === undefined || v === '';

/** Options of `createSalesforceStore`. */
export interface SalesforceStoreOptions {
  clock: SandboxClock;
  onCommit: (changes: RecordChange[], ctx: WriteContext) => void;
  /**
   * Field history tracking: object name -> tracked field names (default `defaultTrackedFields`). An
   * object listed (even with no fields) has its history object; `{}` turns field history off.
   */
  trackedFields?: Readonly<Record<string, readonly string[]>>;
}

/** The tracking configuration with canonical names; throws on an unknown object or field. */
function resolveTracking(input: Readonly<Record<string, readonly string[]>>): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const [objectName, fieldNames] of Object.entries(input)) {
    const object = findObject(objectName);
    if (!object || !historyObjectOf(object.name)) throw new Error(`field history: the sandbox has no history object for ${objectName}`);
    out[object.name] = fieldNames.map((name) => {
      const field = findField(object, name);
      if (!field) throw new Error(`field history: ${object.name} has no field ${name}`);
      return field.name;
    });
  }
  return out;
}

/** Creates an empty store; `onCommit` receives the changes of each committed transaction. */
export function createSalesforceStore(options: SalesforceStoreOptions): SalesforceStore {
  const trackedFields = resolveTracking(options.trackedFields ?? defaultTrackedFields);
  let data = emptyData();
  let undo: (() => void)[] = [];
  let pending: RecordChange[] = [];
  let depth = 0;
  let current: WriteContext | undefined;

  const table = (object: ObjectMeta) => (data.records[object.name] ??= {});
  const next = (key: string) => (data.counters[key] = (data.counters[key] ?? 0) + 1);

  const get = (rawId: string): SfRecord | undefined => {
    const id = normalizeId(rawId);
    const object = id ? objectForPrefix(id.slice(0, 3)) : undefined;
    return id && object ? data.records[object.name]?.[id] : undefined;
  };
  const live = (id: string) => {
    const record = get(id);
    return record && record.IsDeleted !== true ? record : undefined;
  };

  // External-id index: object -> field -> matching key -> ids (deleted rows included; callers filter).
  let index = new Map<string, Map<string, Map<string, Set<string>>>>();
  const externalFields = (object: ObjectMeta) => object.fields.filter((f) => f.externalId);
  const keyOf = (field: FieldMeta, value: unknown) => (field.caseSensitive ? String(value) : String(value).toLowerCase());
  const indexRow = (object: ObjectMeta, id: string, record: SfRecord | undefined, add: boolean) => {
    if (!record) return;
    for (const field of externalFields(object)) {
      if (blank(record[field.name])) continue;
      const byField = index.get(object.name) ?? new Map<string, Map<string, Set<string>>>();
      index.set(object.name, byField);
      const byKey = byField.get(field.name) ?? new Map<string, Set<string>>();
      byField.set(field.name, byKey);
      const key = keyOf(field, record[field.name]);
      const ids = byKey.get(key) ?? new Set<string>();
      if (add) ids.add(id);
      else ids.delete(id);
      if (ids.size > 0) byKey.set(key, ids);
      else byKey.delete(key);
    }
  };
  const writeRow = (object: ObjectMeta, id: string, record: SfRecord | undefined) => {
    const rows = table(object);
    indexRow(object, id, rows[id], false);
    if (record === undefined) delete rows[id];
    else rows[id] = record;
    indexRow(object, id, record, true);
  };
  const rebuildIndex = () => {
    index = new Map();
    for (const object of allObjects) for (const [id, record] of Object.entries(table(object))) indexRow(object, id, record, true);
  };

  const put = (object: ObjectMeta, id: string, record: SfRecord | undefined) => {
    const before = table(object)[id];
    undo.push(() => writeRow(object, id, before));
    writeRow(object, id, record);
  };

  const requireTx = () => {
    if (!current) throw new Error('store writes must run inside transaction()');
    return current;
  };

  /** Applies caller input to `record` after checking names, writability and types. */
  const applyInput = (object: ObjectMeta, record: SfRecord, input: Record<string, unknown>, touched: Set<string>) => {
    const readOnly: string[] = [];
    for (const [key, raw] of Object.entries(input)) {
      if (key === 'attributes') continue;
      const field = findField(object, key);
      if (!field) throw sfError(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`, [key]);
      if (field.readOnly || field.autoNumber) {
        readOnly.push(field.name);
        continue;
      }
      record[field.name] = coerceValue(field, raw);
      touched.add(field.name);
    }
    if (readOnly.length > 0) {
      throw sfError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, readOnly);
    }
  };

  const validate = (object: ObjectMeta, record: SfRecord, touched: Set<string>, previous: SfRecord | undefined) => {
    const missing = object.fields.filter((f) => f.required && !f.readOnly && blank(record[f.name])).map((f) => f.name);
    if (missing.length > 0) throw sfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    for (const field of object.fields) {
      const value = record[field.name];
      if (blank(value) || !touched.has(field.name)) continue;
      if (field.picklist?.restricted && !field.picklist.values.includes(String(value))) {
        throw sfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label ?? field.name}: bad value for restricted picklist field: ${String(value)}`, [field.name]);
      }
      if (field.type === 'reference') checkReference(field, String(value));
    }
    objectRules[object.name]?.(record, { lookup: live, touched, previous });
    for (const field of object.fields) {
      if (!field.unique || blank(record[field.name])) continue;
      const clash = findByExternalId(object, field, String(record[field.name])).find((r) => r.Id !== record.Id);
      if (clash) {
        throw sfError(400, 'DUPLICATE_VALUE', `duplicate value found: ${field.name} duplicates value on record with id: ${String(clash.Id)}`, [field.name]);
      }
    }
  };

  const checkReference = (field: FieldMeta, id: string) => {
    const target = objectForPrefix(id.slice(0, 3));
    if (!target || !(field.referenceTo ?? []).includes(target.name)) {
      throw sfError(400, 'FIELD_INTEGRITY_EXCEPTION', `${field.name}: id value of incorrect type: ${id}`, [field.name]);
    }
    const found = get(id);
    if (!found) throw sfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]);
    if (found.IsDeleted === true) throw sfError(400, 'ENTITY_IS_DELETED', 'entity is deleted', [field.name]);
  };

  const findByExternalId = (object: ObjectMeta, field: FieldMeta, value: string): SfRecord[] => {
    const ids = index.get(object.name)?.get(field.name)?.get(keyOf(field, value));
    if (!ids) return [];
    const rows = table(object);
    return [...ids].map((id) => rows[id]!).filter((r) => r.IsDeleted !== true);
  };

  const autoNumber = (object: ObjectMeta, field: FieldMeta) => {
    const format = field.autoNumber!;
    const n = next(`${object.name}.${field.name}`);
    return format.replace(/\{(0+)\}/, (_m, zeros: string) => String(n).padStart(zeros.length, '0'));
  };

  /** Writes one history row per tracked change (one `created` row for a new record) of `object`. */
  const recordHistory = (object: ObjectMeta, id: string, previous: SfRecord | undefined, record: SfRecord, ctx: WriteContext, stamp: string) => {
    const tracked = trackedFields[object.name];
    const history = historyObjectOf(object.name);
    if (!tracked || !history) return;
    const row = (field: string, dataType: string | null, oldValue: FieldValue, newValue: FieldValue) => {
      const rowId = makeId(history.keyPrefix, next(history.name));
      put(history, rowId, {
        Id: rowId, IsDeleted: false, [historyParentField(object)]: id, Field: field, DataType: dataType,
        OldValue: oldValue, NewValue: newValue, CreatedDate: stamp, CreatedById: ctx.userId,
      });
    };
    // Salesforce records a creation as one `created` row, not a row per field set on insert.
    if (!previous) return row(CREATED_FIELD, null, null, null);
    for (const name of tracked) {
      const before = previous[name] ?? null;
      const after = record[name] ?? null;
      if (before !== after) row(name, historyDataType(findField(object, name)!.type), before, after);
    }
  };
  const readOnlyEntity = (object: ObjectMeta, verb: 'inserted' | 'updated' | 'deleted') =>
    sfError(400, 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be ${verb}: ${object.label}`);

  const store: SalesforceStore = {
    trackedFields,
    hasObject: (object) => object.historyOf === undefined || trackedFields[object.historyOf] !== undefined,

    transaction(ctx, work) {
      const outermost = depth === 0;
      if (outermost) current = ctx;
      const undoMark = undo.length;
      const pendingMark = pending.length;
      depth += 1;
      try {
        const result = work();
        depth -= 1;
        if (outermost) {
          const changes = pending;
          undo = [];
          pending = [];
          current = undefined;
          if (changes.length > 0) options.onCommit(changes, ctx);
        }
        return result;
      } catch (error) {
        depth -= 1;
        while (undo.length > undoMark) undo.pop()!();
        pending.length = pendingMark;
        if (outermost) current = undefined;
        throw error;
      }
    },

    create(object, input) {
      const ctx = requireTx();
      if (object.historyOf) throw readOnlyEntity(object, 'inserted');
      const now = options.clock.now();
      const id = makeId(object.keyPrefix, next(object.name));
      const record: SfRecord = {};
      for (const field of object.fields) record[field.name] = field.defaultValue ?? (field.type === 'boolean' ? false : null);
      const touched = new Set<string>();
      applyInput(object, record, input, touched);
      Object.assign(record, {
        Id: id,
        IsDeleted: false,
        CreatedDate: formatDatetime(now),
        CreatedById: ctx.userId,
        LastModifiedDate: formatDatetime(now),
        LastModifiedById: ctx.userId,
        SystemModstamp: formatDatetime(now),
      });
      if ('OwnerId' in record && record.OwnerId === null) record.OwnerId = ctx.userId;
      validate(object, record, touched, undefined);
      for (const field of object.fields) if (field.autoNumber) record[field.name] = autoNumber(object, field);
      put(object, id, record);
      recordHistory(object, id, undefined, record, ctx, formatDatetime(now));
      const values = Object.fromEntries(Object.entries(record).filter(([k, v]) => v !== null && k !== 'Id'));
      pending.push({ entityName: object.name, recordId: id, changeType: 'CREATE', changedFields: [], values, commitTimestamp: now.getTime() });
      return id;
    },

    update(object, rawId, input) {
      const ctx = requireTx();
      if (object.historyOf) throw readOnlyEntity(object, 'updated');
      const previous = get(rawId);
      if (!previous || previous.IsDeleted === true || objectForPrefix(String(previous.Id).slice(0, 3)) !== object) {
        throw previous?.IsDeleted === true
          ? sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted')
          : sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
      }
      const now = options.clock.now();
      const record: SfRecord = { ...previous };
      const touched = new Set<string>();
      applyInput(object, record, input, touched);
      validate(object, record, touched, previous);
      Object.assign(record, { LastModifiedDate: formatDatetime(now), LastModifiedById: ctx.userId, SystemModstamp: formatDatetime(now) });
      put(object, String(previous.Id), record);
      recordHistory(object, String(previous.Id), previous, record, ctx, formatDatetime(now));
      const changedFields = object.fields.map((f) => f.name).filter((name) => record[name] !== previous[name]);
      const values = Object.fromEntries(changedFields.map((name) => [name, record[name] ?? null]));
      pending.push({ entityName: object.name, recordId: String(previous.Id), changeType: 'UPDATE', changedFields, values, commitTimestamp: now.getTime() });
    },

    remove(object, rawId) {
      requireTx();
      const previous = get(rawId);
      const owner = previous ? objectForPrefix(String(previous.Id).slice(0, 3)) : undefined;
      if (!previous || !owner || (object && owner !== object)) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
      if (owner.historyOf) throw readOnlyEntity(owner, 'deleted');
      if (previous.IsDeleted === true) throw sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
      const now = options.clock.now();
      put(owner, String(previous.Id), { ...previous, IsDeleted: true, SystemModstamp: formatDatetime(now) });
      pending.push({ entityName: owner.name, recordId: String(previous.Id), changeType: 'DELETE', changedFields: [], values: {}, commitTimestamp: now.getTime() });
    },

    get,
    list: (object, includeDeleted) => Object.values(table(object)).filter((r) => includeDeleted || r.IsDeleted !== true),
    findByExternalId,

    ensureUser(userId, name) {
      const users = table(allObjects.find((o) => o.name === 'User')!);
      if (users[userId]) return;
      const stamp = formatDatetime(options.clock.now());
      users[userId] = {
        Id: userId, Name: name, Username: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@sandbox.throughline.local`, Email: null, IsActive: true,
        IsDeleted: false, CreatedDate: stamp, CreatedById: userId, LastModifiedDate: stamp, LastModifiedById: userId, SystemModstamp: stamp,
      };
    },
    nextUserId: () => makeId('005', next('User')),

    reset() {
      data = emptyData();
      rebuildIndex();
    },
    snapshot: () => structuredClone(data),
    restore(snapshot) {
      data = structuredClone(snapshot as StoreData);
      rebuildIndex();
    },
    inspect(type) {
      if (type === undefined) return Object.fromEntries(Object.entries(data.records).map(([name, rows]) => [name, Object.keys(rows).length]));
      const object = allObjects.find((o) => o.name.toLowerCase() === type.toLowerCase());
      return object ? Object.values(table(object)) : undefined;
    },
  };
  return store;
}
