import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idFromLocation, rec, startNetSuiteHarness, type NetSuiteHarness, type NetSuiteResponse } from './support/netsuite-test-client.js';

const errorCode = (response: NetSuiteResponse) => response.body['o:errorDetails'][0]['o:errorCode'];

describe('NetSuite sandbox record service', () => {
  let ns: NetSuiteHarness;
  beforeAll(async () => {
    ns = await startNetSuiteHarness();
  });
  afterAll(async () => ns.stop());

  it('creates with 204 + Location and reads references as { id, refName, links }', async () => {
    const created = await ns.call('POST', rec('customer'), {
      body: { companyName: 'Acme Corp', subsidiary: { externalId: 'UK' }, externalId: 'ACME-1', email: 'ap@acme.test' },
    });
    expect(created.status).toBe(204);
    expect(created.body).toBeNull();
    expect(created.headers.get('location')).toMatch(/\/services\/rest\/record\/v1\/customer\/\d+$/);
    const id = idFromLocation(created);
    const read = await ns.call('GET', rec(`customer/${id}`));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id,
      companyName: 'Acme Corp',
      externalId: 'ACME-1',
      subsidiary: { refName: 'Throughline Consulting Ltd (UK)' },
      currency: { refName: 'British Pound' },
      createdDate: '2026-03-15T12:00:00Z',
      lastModifiedDate: '2026-03-15T12:00:00Z',
    });
    expect(read.body.subsidiary.links[0]).toMatchObject({ rel: 'self', href: expect.stringMatching(/\/subsidiary\/\d+$/) });
    const byEid = await ns.call('GET', rec('customer/eid:ACME-1?fields=companyName,email'));
    expect(byEid.body).toEqual({ links: expect.any(Array), companyName: 'Acme Corp', email: 'ap@acme.test', id });
  });

  it('patches: omitted fields stay, null clears, lastModifiedDate moves with the sandbox clock', async () => {
    const id = idFromLocation(await ns.call('POST', rec('customer'), { body: { companyName: 'Patchy', subsidiary: { id: '1' }, email: 'a@b.test', phone: '555' } }));
    ns.clock.advance(60_000);
    const patched = await ns.call('PATCH', rec(`customer/${id}`), { body: { email: null, companyName: 'Patchy Ltd' } });
    expect(patched.status).toBe(204);
    const read = await ns.call('GET', rec(`customer/${id}`));
    expect(read.body.companyName).toBe('Patchy Ltd');
    expect(read.body.phone).toBe('555');
    expect(read.body).not.toHaveProperty('email');
    expect(read.body.lastModifiedDate).toBe('2026-03-15T12:01:00Z');
    expect(read.body.createdDate).toBe('2026-03-15T12:00:00Z');
  });

  it('upserts by eid: with PUT (204 both times, same internal id) and accepts eid: wherever an id goes', async () => {
    const first = await ns.call('PUT', rec('customer/eid:UPS-1'), { body: { companyName: 'Upsert One', subsidiary: { externalId: 'US' } } });
    expect(first.status).toBe(204);
    const second = await ns.call('PUT', rec('customer/eid:UPS-1'), { body: { companyName: 'Upsert One Renamed', subsidiary: { externalId: 'US' } } });
    expect(second.status).toBe(204);
    expect(idFromLocation(second)).toBe(idFromLocation(first));
    expect((await ns.call('GET', rec('customer/eid:UPS-1'))).body.companyName).toBe('Upsert One Renamed');
    const job = await ns.call('POST', rec('job'), { body: { companyName: 'Project X', parent: { externalId: 'UPS-1' }, externalId: 'PRJ-X' } });
    expect(job.status).toBe(204);
    expect((await ns.call('GET', rec('job/eid:PRJ-X'))).body.parent.id).toBe(idFromLocation(first));
    expect((await ns.call('PATCH', rec('job/eid:PRJ-X'), { body: { companyName: 'Project X2' } })).status).toBe(204);
    const notEid = await ns.call('PUT', rec(`customer/${idFromLocation(first)}`), { body: { companyName: 'x' } });
    expect(notEid.status).toBe(400);
  });

  it('deletes with 204, then reads 404 NONEXISTENT_ID in the o:errorDetails form', async () => {
    const id = idFromLocation(await ns.call('POST', rec('customer'), { body: { companyName: 'Short-lived', subsidiary: { id: '1' } } }));
    expect((await ns.call('DELETE', rec(`customer/${id}`))).status).toBe(204);
    const gone = await ns.call('GET', rec(`customer/${id}`));
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ status: 404, title: expect.any(String), type: expect.stringContaining('rfc') });
    expect(errorCode(gone)).toBe('NONEXISTENT_ID');
  });

  it('rejects a duplicate externalId, an unknown reference, an unknown field and a missing required field', async () => {
    await ns.call('POST', rec('customer'), { body: { companyName: 'Dup', subsidiary: { id: '1' }, externalId: 'DUP-1' } });
    const duplicate = await ns.call('POST', rec('customer'), { body: { companyName: 'Dup again', subsidiary: { id: '1' }, externalId: 'DUP-1' } });
    expect(duplicate.status).toBe(400);
    expect(errorCode(duplicate)).toBe('USER_ERROR');
    const badRef = await ns.call('POST', rec('timeBill'), { body: { employee: { externalId: 'NOBODY' }, hours: 8, tranDate: '2026-03-02' } });
    expect(badRef.status).toBe(400);
    expect(errorCode(badRef)).toBe('INVALID_KEY_OR_REF');
    expect(badRef.body['o:errorDetails'][0]['o:errorPath']).toBe('employee');
    const unknownField = await ns.call('POST', rec('customer'), { body: { companyName: 'X', subsidiary: { id: '1' }, favouriteColour: 'red' } });
    expect(unknownField.status).toBe(400);
    expect(errorCode(unknownField)).toBe('INVALID_CONTENT');
    const missing = await ns.call('POST', rec('customer'), { body: { subsidiary: { id: '1' } } });
    expect(missing.status).toBe(400);
    expect(errorCode(missing)).toBe('USER_ERROR');
    expect(missing.body['o:errorDetails'][0]['o:errorPath']).toBe('companyName');
  });

  it('ignores unknown fields when X-NetSuite-PropertyNameValidation is Ignore', async () => {
    const created = await ns.call('POST', rec('customer'), {
      body: { companyName: 'Lenient', subsidiary: { id: '1' }, favouriteColour: 'red', externalId: 'LEN' },
      headers: { 'x-netsuite-propertynamevalidation': 'Ignore' },
    });
    expect(created.status).toBe(204);
    expect((await ns.call('GET', rec('customer/eid:LEN'))).body).not.toHaveProperty('favouriteColour');
  });

  it('returns the record with 200 on Prefer: return=representation', async () => {
    const created = await ns.call('POST', rec('employee'), {
      body: { firstName: 'Ada', lastName: 'Lovelace', subsidiary: { externalId: 'UK' }, externalId: 'E-ADA' },
      headers: { prefer: 'return=representation' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ firstName: 'Ada', externalId: 'E-ADA', id: idFromLocation(created) });
  });

  it('keeps timeBill hours as numbers and accepts H:MM durations', async () => {
    await ns.call('POST', rec('employee'), { body: { firstName: 'Tim', lastName: 'Keeper', subsidiary: { externalId: 'US' }, externalId: 'E-TIM' } });
    const created = await ns.call('POST', rec('timeBill'), {
      body: { employee: { externalId: 'E-TIM' }, customer: { externalId: 'PRJ-X' }, hours: '7:30', tranDate: '2026-03-03', isBillable: true, externalId: 'TB-1' },
    });
    expect(created.status).toBe(204);
    const read = await ns.call('GET', rec('timeBill/eid:TB-1'));
    expect(read.body).toMatchObject({
      hours: 7.5, isBillable: true, tranDate: '2026-03-03', approvalStatus: { id: '1', refName: 'Open' },
      customer: { refName: 'Project X' }, subsidiary: { id: '1' }, postingPeriod: { refName: 'Mar 2026' },
    });
  });
});
