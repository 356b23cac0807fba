/** One turn of the event loop: lets I/O callbacks and what a clock step set off run. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface WaitForOptions {
  /** What is awaited, for the failure message ("the first call to hold the slot"). */
  what: string;
  /** Real time after which waiting fails (default 10 s): a bound against hanging, never a speed assertion. */
  timeoutMs?: number;
  /** Runs between a failed check and the next one, e.g. a manual clock's `advance`. */
  between?: () => unknown;
}

/** Checks yielded with a bare event-loop turn before backing off to short timers (no busy spin on a slow store). */
const EAGER_CHECKS = 50;

/**
 * Waits until `condition` holds — something another task brings about (a worker's step, a store round
 * trip, a timer on a clock) — checking after every event-loop turn, and fails with a message naming
 * `what` once `timeoutMs` of real time has passed. Tests wait on the condition, not for a fixed time.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, options: WaitForOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = performance.now() + timeoutMs;
  for (let checks = 1; ; checks += 1) {
    if (await condition()) return;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}`);
    await options.between?.();
    if (checks <= EAGER_CHECKS) await nextTurn();
    else await new Promise((resolve) => setTimeout(resolve, Math.min(10, checks - EAGER_CHECKS)));
  }
}
