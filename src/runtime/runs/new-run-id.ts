import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** A new run id: `tl_run_<ulid>`. */
export function newRunId(): string {
  return `tl_run_${nextUlid()}`;
}
