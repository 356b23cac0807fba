import type { FlowModule } from './flow-module.js';
import { timeToLedgerModule } from './time-to-ledger/index.js';

export { missingSystems, type EventLogReads, type FlowModule, type FlowPorts, type FlowPortsWith, type FlowSystem } from './flow-module.js';

/** Every flow the hub can run, listed once; the composition root builds those whose systems are configured. */
export const flowModules: readonly FlowModule[] = [timeToLedgerModule];
