// Field history tracking: pse__Proj__History rows written by the org on tracked changes, queryable, read-only.
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './support.js';

const DAY = 86_400_000;
const CLOSED = 'pse__Closed_for_Time_Entry__c';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ tokenLifetimeMs: 365 * DAY });
});
afterAll(async () => {
  await t.sandbox.stop();
});

const newProject = async (name: string) => {
  const res = await t.api('POST', 'sobjects/pse__Proj__c', { Name: name, pse__Stage__c: 'In Progress' });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const historyOf = async (projectId: string, extra = '') =>
  (await t.query(`SELECT Id, ParentId, Field, DataType, OldValue, NewValue, CreatedDate, CreatedById FROM pse__Proj__History WHERE ParentId = '${projectId}'${extra} ORDER BY CreatedDate, Id`)).body;

describe('field history tracking', () => {
  it('records a created row, then one row per tracked field changed, stamped with the sandbox clock at the write', async () => {
    t.clock.set('2026-03-04T10:00:00Z');
    const projectId = await newProject('History A');
    t.clock.set('2026-04-17T16:30:00Z');
    expect((await t.api('PATCH', `sobjects/pse__Proj__c/${projectId}`, { pse__Stage__c: 'Completed', [CLOSED]: true, pse__Is_Active__c: false })).status).toBe(204);
    // A save that changes no tracked field writes no history.
    expect((await t.api('PATCH', `sobjects/pse__Proj__c/${projectId}`, { pse__Planned_Hours__c: 10, [CLOSED]: true })).status).toBe(204);

    const history = await historyOf(projectId);
    const userId = t.sandbox.clients[0]!.userId;
    expect(history.totalSize).toBe(3);
    expect(history.records.map((r: { Field: string }) => r.Field)).toEqual(['created', 'pse__Stage__c', CLOSED]);
    expect(history.records[0]).toMatchObject({ ParentId: projectId, Field: 'created', OldValue: null, NewValue: null, CreatedDate: '2026-03-04T10:00:00.000+0000', CreatedById: userId });
    const closedRow = history.records.find((r: { Field: string }) => r.Field === CLOSED);
    expect(closedRow).toMatchObject({
      attributes: { type: 'pse__Proj__History' }, Id: expect.stringMatching(/^017/), ParentId: projectId, DataType: 'Boolean',
      OldValue: false, NewValue: true, CreatedDate: '2026-04-17T16:30:00.000+0000', CreatedById: userId,
    });
    expect(history.records.find((r: { Field: string }) => r.Field === 'pse__Stage__c')).toMatchObject({ DataType: 'DynamicEnum', OldValue: 'In Progress', NewValue: 'Completed' });
    // History rows are not change events.
    expect(t.sandbox.cdc.since(-1).events.some((e) => e.payload.ChangeEventHeader.entityName === 'pse__Proj__History')).toBe(false);
  });

  it('filters by ParentId (IN too) and Field, orders by CreatedDate, and refuses filtering or sorting on OldValue/NewValue', async () => {
    t.clock.set('2026-05-01T09:00:00Z');
    const a = await newProject('History B');
    const b = await newProject('History C');
    for (const [day, closed] of [['2026-05-04', true], ['2026-05-06', false], ['2026-05-11', true]] as const) {
      t.clock.set(`${day}T12:00:00Z`);
      expect((await t.api('PATCH', `sobjects/pse__Proj__c/${a}`, { [CLOSED]: closed })).status).toBe(204);
    }
    t.clock.set('2026-05-08T12:00:00Z');
    expect((await t.api('PATCH', `sobjects/pse__Proj__c/${b}`, { [CLOSED]: true })).status).toBe(204);

    const latest = await t.query(`SELECT ParentId, NewValue, CreatedDate FROM pse__Proj__History WHERE ParentId IN ('${a}', '${b}') AND Field = '${CLOSED}' ORDER BY CreatedDate DESC`);
    expect(latest.body.records.map((r: { ParentId: string; NewValue: boolean; CreatedDate: string }) => [r.ParentId === a ? 'a' : 'b', r.NewValue, r.CreatedDate.slice(0, 10)])).toEqual([
      ['a', true, '2026-05-11'], ['b', true, '2026-05-08'], ['a', false, '2026-05-06'], ['a', true, '2026-05-04'],
    ]);
    // 15-character ids and any case of the field name match, as elsewhere.
    expect((await t.query(`SELECT Id FROM pse__Proj__History WHERE ParentId = '${a.slice(0, 15)}' AND Field = 'PSE__CLOSED_FOR_TIME_ENTRY__C'`)).body.totalSize).toBe(3);

    const filtered = await t.query(`SELECT Id FROM pse__Proj__History WHERE NewValue = 'true'`);
    expect(filtered.status).toBe(400);
    expect(filtered.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD', message: "field 'NewValue' can not be filtered in a query call" });
    const sorted = await t.query(`SELECT Id FROM pse__Proj__History ORDER BY OldValue`);
    expect(sorted.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD', message: "field 'OldValue' can not be sorted in a query call" });
  });

  it('is read-only: create, update and delete answer the vendor error; retrieve and describe work', async () => {
    const projectId = await newProject('History D');
    const [row] = (await historyOf(projectId)).records as { Id: string }[];

    const created = await t.api('POST', 'sobjects/pse__Proj__History', { ParentId: projectId, Field: CLOSED });
    expect(created.status).toBe(400);
    expect(created.body).toEqual([{ errorCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', message: 'entity type cannot be inserted: Project History' }]);
    const updated = await t.api('PATCH', `sobjects/pse__Proj__History/${row!.Id}`, { Field: 'pse__Stage__c' });
    expect(updated.body[0]).toMatchObject({ errorCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', message: 'entity type cannot be updated: Project History' });
    const deleted = await t.api('DELETE', `sobjects/pse__Proj__History/${row!.Id}`);
    expect(deleted.body[0]).toMatchObject({ errorCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', message: 'entity type cannot be deleted: Project History' });
    const many = await t.api('POST', 'composite/sobjects', { allOrNone: false, records: [{ attributes: { type: 'pse__Proj__History' }, ParentId: projectId }] });
    expect(many.body[0]).toMatchObject({ success: false, errors: [{ statusCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY' }] });

    const read = await t.api('GET', `sobjects/pse__Proj__History/${row!.Id}?fields=ParentId,Field`);
    expect(read.body).toMatchObject({ ParentId: projectId, Field: 'created' });
    const describe = await t.api('GET', 'sobjects/pse__Proj__History/describe');
    expect(describe.body).toMatchObject({ name: 'pse__Proj__History', keyPrefix: '017', createable: false, updateable: false, deletable: false, queryable: true });
    const field = (name: string) => describe.body.fields.find((f: { name: string }) => f.name === name);
    expect(field('NewValue')).toMatchObject({ type: 'anyType', filterable: false, sortable: false, createable: false });
    expect(field('ParentId')).toMatchObject({ type: 'reference', referenceTo: ['pse__Proj__c'], filterable: true });
    expect((await t.api('GET', 'sobjects')).body.sobjects.map((o: { name: string }) => o.name)).toContain('pse__Proj__History');
  });

  it('a rolled-back write leaves no history', async () => {
    const projectId = await newProject('History E');
    const res = await t.api('PATCH', 'composite/sobjects', {
      allOrNone: true,
      records: [{ attributes: { type: 'pse__Proj__c' }, id: projectId, [CLOSED]: true }, { attributes: { type: 'pse__Proj__c' }, id: projectId, CurrencyIsoCode: 'XXX' }],
    });
    expect(res.body.map((r: { success: boolean }) => r.success)).toEqual([false, false]);
    expect((await historyOf(projectId, ` AND Field = '${CLOSED}'`)).totalSize).toBe(0);
  });

  it('works through jsforce', async () => {
    const { body } = await t.token();
    const conn = new Connection({ instanceUrl: body.instance_url, accessToken: body.access_token, version: '61.0' });
    const project = await conn.sobject('pse__Proj__c').create({ Name: 'History via jsforce' });
    t.clock.set('2026-06-30T18:00:00Z');
    await conn.sobject('pse__Proj__c').update({ Id: project.id!, [CLOSED]: true });
    const rows = await conn.query<{ NewValue: unknown; CreatedDate: string }>(
      `SELECT NewValue, CreatedDate FROM pse__Proj__History WHERE ParentId = '${project.id!}' AND Field = '${CLOSED}' ORDER BY CreatedDate DESC LIMIT 1`,
    );
    expect(rows.records).toEqual([expect.objectContaining({ NewValue: true, CreatedDate: '2026-06-30T18:00:00.000+0000' })]);
    await expect(conn.sobject('pse__Proj__History').create({ ParentId: project.id! })).rejects.toMatchObject({ errorCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY' });
  });
});

describe('field history configuration', () => {
  it('without tracking on projects there is no pse__Proj__History; untracked fields write no rows', async () => {
    const off = await startTestSandbox({ trackedFields: {} });
    try {
      const res = await off.query('SELECT Id FROM pse__Proj__History');
      expect(res.status).toBe(400);
      expect(res.body[0].errorCode).toBe('INVALID_TYPE');
      expect((await off.api('GET', 'sobjects/pse__Proj__History/describe')).status).toBe(404);
      expect((await off.api('GET', 'sobjects')).body.sobjects.map((o: { name: string }) => o.name)).not.toContain('pse__Proj__History');
    } finally {
      await off.sandbox.stop();
    }

    const stageOnly = await startTestSandbox({ trackedFields: { pse__proj__c: ['PSE__STAGE__C'] } });
    try {
      const created = await stageOnly.api('POST', 'sobjects/pse__Proj__c', { Name: 'Stage only' });
      await stageOnly.api('PATCH', `sobjects/pse__Proj__c/${created.body.id}`, { pse__Stage__c: 'Completed', [CLOSED]: true });
      const rows = await stageOnly.query(`SELECT Field FROM pse__Proj__History WHERE ParentId = '${created.body.id}' ORDER BY CreatedDate, Id`);
      expect(rows.body.records.map((r: { Field: string }) => r.Field)).toEqual(['created', 'pse__Stage__c']);
    } finally {
      await stageOnly.sandbox.stop();
    }
    await expect(startTestSandbox({ trackedFields: { pse__Proj__c: ['No_Such__c'] } })).rejects.toThrow(/no field No_Such__c/);
  });
});
