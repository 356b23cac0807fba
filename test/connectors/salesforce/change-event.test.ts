import { describe, expect, it } from 'vitest';
import { isEchoOf } from '../../../src/connectors/certinia/inbound/cdc-webhook-handler.js';
import { changeEventSchema } from '../../../src/connectors/salesforce/schemas.js';
import { contractBody } from '../../contracts/contract.js';

/** The CometD message of Salesforce's "Change Event Message Structure" (test/contracts/salesforce/cdc.change-event.create.json). */
const documented = contractBody('salesforce', 'cdc.change-event.create') as { data: unknown; channel: string };

describe('change data capture events', () => {
  it('parses the documented change event (its data part: schema, payload with ChangeEventHeader, event.replayId)', () => {
    expect(documented.channel).toBe('/data/pse__Timecard_Header__ChangeEvent');
    const event = changeEventSchema.parse(documented.data);
    expect(event.event?.replayId).toBe(7);
    expect(event.payload.ChangeEventHeader).toMatchObject({ entityName: 'pse__Timecard_Header__c', changeType: 'CREATE', recordIds: ['a2A8d0000000001EAA'] });
    expect(isEchoOf(event.payload.ChangeEventHeader.changeOrigin, 'throughline-hub')).toBe(false);
  });

  it('recognises the hub’s own client exactly, not a client whose id merely starts the same', () => {
    expect(isEchoOf('com/salesforce/api/rest/61.0;client=throughline-hub', 'throughline-hub')).toBe(true);
    expect(isEchoOf('com/salesforce/api/soap/61.0;client=throughline-hub-staging', 'throughline-hub')).toBe(false);
    expect(isEchoOf('', 'throughline-hub')).toBe(false);
  });
});
