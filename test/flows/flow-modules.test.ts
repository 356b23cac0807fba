import { expect, it } from 'vitest';
import { createIdFactory } from '../../src/canonical/ids.js';
import { flowModules, missingSystems, type FlowPorts } from '../../src/flows/index.js';
import { fakeLedger, fakePsa } from './time-to-ledger/fakes.js';

const eventLog: FlowPorts['eventLog'] = { latestSourceVersions: async () => new Map(), approvedTimeOfWorkerDays: async () => [] };

it('every flow module names the systems it needs; the hub builds those whose systems are configured', () => {
  const base = { eventLog, idFactory: createIdFactory() };
  const timeToLedger = flowModules.find((m) => m.id === 'time-to-ledger')!;
  expect(timeToLedger.needs).toEqual(['psa', 'ledger']);
  expect(missingSystems(timeToLedger, { ...base, psa: fakePsa().port })).toEqual(['ledger']);
  expect(missingSystems(timeToLedger, base)).toEqual(['psa', 'ledger']);
  const ports = { ...base, psa: fakePsa().port, ledger: fakeLedger().port };
  expect(missingSystems(timeToLedger, ports)).toEqual([]);
  expect(timeToLedger.create(ports as never).on).toEqual(['time.approved', 'time.rejected']);
  expect(new Set(flowModules.map((m) => m.id)).size).toBe(flowModules.length);
});
