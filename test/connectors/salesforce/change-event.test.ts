import { describe, expect, it } from 'vitest';
import { isEchoOf } from '../../../src/connectors/certinia/inbound/cdc-webhook-handler.js';
import { changeEventSchema } from '../../../src/connectors/salesforce/schemas.js';
import recorded from '../../../src/connectors/salesforce/fixtures/cdc-timecard-create.json' with { type: 'json' };

describe('change data capture events', () => {
  it('parses a recorded timecard change event', () => {
    const event = changeEventSchema.parse(recorded);
    expect(event.payload.ChangeEventHeader).toMatchObject({ entityName: 'pse__Timecard_Header__c', changeType: 'CREATE', recordIds: ['a2A8d0000000001EAA'] });
    expect(isEchoOf(event.payload.ChangeEventHeader.changeOrigin, 'throughline-hub')).toBe(false);
  });

  it('recognises the hub’s own client exactly, not a client whose id merely starts the same', () => {
    expect(isEchoOf('com/salesforce/api/rest/61.0;client=throughline-hub', 'throughline-hub')).toBe(true);
    expect(isEchoOf('com/salesforce/api/soap/61.0;client=throughline-hub-staging', 'throughline-hub')).toBe(false);
    expect(isEchoOf('', 'throughline-hub')).toBe(false);
  });
});
