import type { SandboxState } from '../kit/server.js';
import { recordTypeNames } from './records/field-spec.js';
import { findRecordType } from './records/record-types.js';
import { emptyNetSuiteState, type NetSuiteState, type NetSuiteStore } from './store.js';

/** The store as the kit's admin API sees it: reset (and reseed), snapshot, restore, inspect. */
export function netSuiteSandboxState(store: NetSuiteStore, reseed: () => void): SandboxState {
  return {
    reset() {
      store.state = emptyNetSuiteState();
      reseed();
    },
    snapshot: () => structuredClone(store.state),
    restore(snapshot) {
      store.state = structuredClone(snapshot as NetSuiteState);
    },
    inspect(type) {
      if (type === undefined) {
        return {
          counts: Object.fromEntries(recordTypeNames.map((name) => [name, Object.keys(store.state.records[name]).length])),
          asyncJobs: Object.keys(store.state.asyncJobs).length,
        };
      }
      if (type === 'asyncJobs') return { asyncJobs: Object.values(store.state.asyncJobs) };
      const spec = findRecordType(type);
      return spec ? { type: spec.name, records: store.list(spec.name) } : undefined;
    },
  };
}
