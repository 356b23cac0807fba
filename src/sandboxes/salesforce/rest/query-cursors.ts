/** Server-side query cursors behind `nextRecordsUrl` (`/query/01g...-2000`). */
import { makeId } from '../ids.js';
import type { QueryRecord } from '../soql/execute.js';

interface Cursor {
  records: QueryRecord[];
  totalSize: number;
}

/** Holds the remaining rows of open queries (bounded: the oldest cursors are dropped). */
export interface QueryCursors {
  open(records: QueryRecord[], totalSize: number): string;
  get(id: string): Cursor | undefined;
  clear(): void;
}

/** Creates the cursor registry. */
export function createQueryCursors(capacity = 500): QueryCursors {
  const cursors = new Map<string, Cursor>();
  let counter = 0;
  return {
    open(records, totalSize) {
      counter += 1;
      const id = makeId('01g', counter);
      cursors.set(id, { records, totalSize });
      if (cursors.size > capacity) cursors.delete(cursors.keys().next().value!);
      return id;
    },
    get: (id) => cursors.get(id),
    clear: () => cursors.clear(),
  };
}
