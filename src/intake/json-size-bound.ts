/**
 * An upper bound of the UTF-8 size of `JSON.stringify(value)`, computed by walking the value without
 * serializing it; `undefined` when the bound exceeds `limit` or the value is not plain JSON data this
 * walk can bound (a `toJSON` method, a class instance, a bigint, nesting deeper than 64, or a
 * top-level value that is not an object or array). Callers then serialize for the exact answer.
 *
 * Why it is an upper bound: a string takes at most 6 bytes per UTF-16 unit (an escape like `\u001f`,
 * or at most 3 UTF-8 bytes per unit: a surrogate pair is 4 bytes for 2 units) plus its quotes; a
 * number at most 32 characters (the longest shortest form is 25, e.g. `-0.0000012345678901234567`);
 * a property name adds its quotes, colon and comma. Values JSON.stringify drops (undefined, functions,
 * symbols) count 4 (`null` in an array). It costs about half of serializing an event.
 */
export function jsonSizeUpperBound(value: unknown, limit: number): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    const size = boundOf(value, limit, 0);
    return size <= limit ? size : undefined;
  } catch {
    return undefined; // a throwing getter or proxy: JSON.stringify reports it
  }
}

const UNBOUNDED = Number.POSITIVE_INFINITY;
const MAX_DEPTH = 64;

function boundOf(value: unknown, budget: number, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 2 + 6 * value.length;
    case 'number':
      return 32;
    case 'boolean':
      return 5;
    case 'undefined':
    case 'function':
    case 'symbol':
      return 4;
    case 'object':
      return value === null ? 4 : boundOfObject(value, budget, depth);
    default:
      return UNBOUNDED; // bigint: JSON.stringify throws
  }
}

function boundOfObject(value: object, budget: number, depth: number): number {
  if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return UNBOUNDED;
  let size = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      size += 1 + boundOf(value[i], budget - size, depth + 1);
      if (size > budget) return UNBOUNDED;
    }
    return size;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return UNBOUNDED;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    size += 4 + 6 * key.length + boundOf((value as Record<string, unknown>)[key], budget - size, depth + 1);
    if (size > budget) return UNBOUNDED;
  }
  return size;
}
