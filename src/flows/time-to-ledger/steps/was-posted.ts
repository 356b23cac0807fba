import type { TimeToLedgerDeps } from '../time-to-ledger-deps.js';
import { timeEntryCanonicalKey, type TimeEntryEvent } from '../time-entry-event.js';
import { findManyOnConnection, type CrossReference } from '../../../persistence/queries/cross-references.js';

/** The ledger time bills already posted for these entries (by time entry key), from cross-references. */
export async function postedTimeBills(deps: Pick<TimeToLedgerDeps, 'store' | 'ledger'>, events: readonly TimeEntryEvent[]): Promise<Map<string, CrossReference>> {
  return findManyOnConnection(deps.store.db, deps.ledger.connection, events.map(timeEntryCanonicalKey));
}
