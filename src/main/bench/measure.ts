/** Latency samples in milliseconds -> percentiles. */
export function percentiles(samples: readonly number[]): { p50: number; p90: number; p99: number; max: number } {
  if (samples.length === 0) return { p50: 0, p90: 0, p99: 0, max: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]!) };
}

/** Samples resident memory while a benchmark runs; `stop` returns the peak in MiB. */
export function trackPeakMemory(intervalMs = 25): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return round(peak / (1024 * 1024));
    },
  };
}

/** Rounds to two decimals for display (figures, never money). */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
