/** A request-rate budget as plain data: `tokens` refill at `ratePerSecond` up to `burst`. */
export interface TokenBucket {
  tokens: number;
  updatedAtMs: number;
  ratePerSecond: number;
  burst: number;
}

/** A full bucket. */
export function createTokenBucket(ratePerSecond: number, burst: number, nowMs: number): TokenBucket {
  return { tokens: burst, updatedAtMs: nowMs, ratePerSecond, burst };
}

/** Takes up to `wanted` tokens; returns how many were granted and when the next one is due. */
export function takeTokens(bucket: TokenBucket, wanted: number, nowMs: number): { granted: number; nextTokenInMs: number } {
  const elapsed = Math.max(0, nowMs - bucket.updatedAtMs);
  bucket.tokens = Math.min(bucket.burst, bucket.tokens + (elapsed * bucket.ratePerSecond) / 1000);
  bucket.updatedAtMs = nowMs;
  const granted = Math.max(0, Math.min(wanted, Math.floor(bucket.tokens + 1e-9)));
  bucket.tokens -= granted;
  const missing = Math.max(0, 1 - bucket.tokens);
  return { granted, nextTokenInMs: Math.ceil((missing * 1000) / bucket.ratePerSecond) };
}
