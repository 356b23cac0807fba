/**
 * The id of the run of `flowId` for the event at log position `position`:
 * `tl_run_<position, 13 base-36 digits>_<flow id>`.
 *
 * Derived, not random: one event has one log position, so the primary key alone keeps runs unique
 * per (event, flow) — no second unique index to write on every run insert and completion (decision
 * 0014). Ids sort in log order (good locality for the primary key) and say which flow they belong to.
 */
export function runIdFor(flowId: string, position: number): string {
  if (!Number.isSafeInteger(position) || position < 1) throw new RangeError(`a log position is a positive integer, got ${position}`);
  if (flowId === '') throw new RangeError('a run needs a flow id');
  return `tl_run_${position.toString(36).padStart(13, '0')}_${flowId}`;
}
