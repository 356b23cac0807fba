import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { type Estate, parseSandboxNames, startEstate } from '../../../src/sandboxes/estate.js';

describe('sandbox estate', () => {
  let estate: Estate | undefined;
  afterEach(async () => {
    await estate?.stop();
    estate = undefined;
  });

  it('parses --only lists and refuses unknown names', () => {
    expect(parseSandboxNames('salesforce, NetSuite,salesforce')).toEqual(['salesforce', 'netsuite']);
    expect(() => parseSandboxNames('salesforce,sap')).toThrow(/unknown sandbox "sap"/);
  });

  it('starts only the chosen sandboxes on their own ports, sharing one clock, and stops them', async () => {
    const clock = createSandboxClock('2026-01-05T09:00:00.000Z', 'manual');
    estate = await startEstate({ only: ['workday', 'anaplan'], clock, seed: 7 });
    const { workday, anaplan, salesforce } = estate.sandboxes;
    expect(salesforce).toBeUndefined();
    expect(workday!.baseUrl).not.toBe(anaplan!.baseUrl);

    // Moving one sandbox's clock through its admin API moves the whole estate.
    const put = await fetch(`${workday!.adminUrl}/clock`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ set: '2026-02-02T10:00:00.000Z' }),
    });
    expect(put.status).toBeLessThan(300);
    const seen = (await (await fetch(`${anaplan!.adminUrl}/clock`)).json()) as { now: string };
    expect(seen.now).toBe('2026-02-02T10:00:00.000Z');

    const stopping = estate;
    await stopping.stop();
    await expect(fetch(`${workday!.adminUrl}/clock`)).rejects.toThrow();
    await stopping.stop(); // idempotent
  });
});
