/**
 * JSON with object keys sorted at every depth, so the same value always hashes the same whatever
 * order its keys were built (or jsonb handed them back) in. `undefined` members are dropped, like
 * JSON.stringify does; Dates become ISO strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value ?? null)) as unknown));
}

/** The value as it will look after a JSON (jsonb) round trip. */
export function jsonRoundTrip(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}
