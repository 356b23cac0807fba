import { defineFlowModule } from '../flow-module.js';
import { createTimeToLedgerFlow, timeToLedgerFlowId } from './time-to-ledger.flow.js';

/** time-to-ledger for the composition root: built when a PSA and a ledger are configured. */
export const timeToLedgerModule = defineFlowModule({
  id: timeToLedgerFlowId,
  needs: ['psa', 'ledger'],
  create: ({ psa, ledger, eventLog, idFactory }) =>
    createTimeToLedgerFlow({
      psa,
      ledger,
      idFactory,
      eventLog: {
        approvedTimeOfWorkerDays: (days) => eventLog.approvedTimeOfWorkerDays(days),
        latestTimeVersions: (subjects) => eventLog.latestSourceVersions(subjects, ['time.approved', 'time.rejected']),
      },
    }),
});
