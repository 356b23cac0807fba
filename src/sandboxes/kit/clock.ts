/**
 * Simulated time for a sandbox. Every record stamp (CreatedDate, SystemModstamp, lastModifiedDate...)
 * reads this clock, so a test or the firm simulator can move a whole vendor through weeks in seconds.
 */
export type SandboxClockMode = 'wall' | 'manual';

/** The sandbox's notion of "now"; `set`/`advance` shift it, real time passes only in 'wall' mode. */
export interface SandboxClock {
  readonly mode: SandboxClockMode;
  now(): Date;
  set(instant: Date | string): void;
  advance(ms: number): void;
}

/**
 * Creates a sandbox clock. 'wall' (default) follows real time offset from a settable base;
 * 'manual' stands still until told to move (deterministic tests and simulations).
 */
export function createSandboxClock(start?: Date | string, mode: SandboxClockMode = 'wall'): SandboxClock {
  let base = start === undefined ? Date.now() : new Date(start).getTime();
  if (Number.isNaN(base)) throw new Error(`invalid sandbox clock start: ${String(start)}`);
  let wallAtBase = Date.now();
  const current = () => (mode === 'wall' ? base + (Date.now() - wallAtBase) : base);
  return {
    mode,
    now: () => new Date(current()),
    set(instant) {
      const next = new Date(instant).getTime();
      if (Number.isNaN(next)) throw new Error(`invalid instant: ${String(instant)}`);
      base = next;
      wallAtBase = Date.now();
    },
    advance(ms) {
      base = current() + ms;
      wallAtBase = Date.now();
    },
  };
}
