/**
 * The one place that decides which logged fields are hidden. Matching is by field name at any
 * depth, so a cost rate nested three objects down is hidden as surely as a top-level token.
 *
 * Hidden: rates (billRate, costRate, rate, any `…Rate…` / `…_rate…`), salaries and compensation,
 * tokens, secrets, passwords, keys, authorization headers and cookies, and personal data (email,
 * phone, birth date, national id / SSN, passport).
 */

/** What a hidden value is replaced with. */
export const REDACTED = '[redacted]';

/** Fragments of a field name (lowercased, without `_`, `-` and spaces) that hide it. */
const sensitiveFragments = [
  'salary',
  'salaries',
  'compensation',
  'wage',
  'token',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'authorization',
  'cookie',
  'apikey',
  'privatekey',
  'credential',
  'email',
  'phone',
  'mobile',
  'birth',
  'nationalid',
  'socialsecurity',
  'passport',
] as const;

/** Whole field names (normalized) that hide it. */
const sensitiveNames = new Set(['rate', 'ssn', 'dob', 'pwd', 'pin']);

/**
 * Names that contain a fragment above but carry no secret or personal value; hiding them would only
 * make the logs harder to read (a token endpoint URL, rate-limit counters).
 */
const harmlessNames = [/^tokenurl$/, /^tokenendpoint$/, /^tokentype$/, /^(x)?ratelimit/, /^retryafter$/];

/** True when a field with this name must not appear in logs. */
export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[\s_-]/g, '');
  if (harmlessNames.some((re) => re.test(normalized))) return false;
  if (sensitiveNames.has(normalized)) return true;
  if (sensitiveFragments.some((fragment) => normalized.includes(fragment))) return true;
  // Rates: camelCase `billRate`, `costRateAmount`, or snake/kebab `cost_rate`, `rate-card`; not
  // words that merely contain "rate" (generate, corporate, accurate).
  return /Rate/.test(key) || /(^|[_-])rate([_-]|$)/i.test(key);
}

const MAX_DEPTH = 12;

/**
 * A copy of `value` with every sensitive field replaced by REDACTED. Plain objects and arrays are
 * walked; other objects (Error, Date, Buffer) pass through untouched for the logger's serializers.
 */
export function redact<T>(value: T): T {
  return walk(value, 0, new WeakSet()) as T;
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) {
    seen.add(value);
    const out = value.map((item) => walk(item, depth + 1, seen));
    seen.delete(value);
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) ? REDACTED : walk(child, depth + 1, seen);
  }
  seen.delete(value);
  return out;
}
