/**
 * Shares one in-flight promise per key: many runs of one wave resolving the same project call the
 * PSA and the ledger once, not once each. Settled promises are forgotten (the store is the cache).
 */
export function createSingleFlight<T>(): (key: string, work: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, work) => {
    const running = inFlight.get(key);
    if (running) return running;
    const started = work().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}
