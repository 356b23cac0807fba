/**
 * Contract fixtures: request/response pairs reproduced from the vendors' PUBLISHED documentation
 * examples (see test/contracts/README.md), shared by the connector tests (which parse and map them)
 * and the sandbox tests (which check the sandbox answers in the same shape). Nothing here imports
 * the hub's or the sandboxes' code.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';

/** Vendors with contract fixtures (one folder each under test/contracts/). */
export type ContractVendor = 'netsuite' | 'salesforce' | 'workday' | 'anaplan';

/** Where a fixture comes from: the vendor page, and what we changed. */
export interface ContractSource {
  title: string;
  url: string;
  /** What differs from the published example (ids, values, record type...), or "none". */
  adapted: string;
  /** Further pages the fixture relies on. */
  also?: { title: string; url: string }[];
}

/** One documented exchange. */
export interface ContractExchange {
  _source: ContractSource;
  request?: { method: string; path: string; headers?: Record<string, string>; body?: unknown };
  response: {
    /** Absent when the page shows no status. */
    status?: number;
    /** Headers the page shows that matter to a client (compared by form, see responseDifferences). */
    headers?: Record<string, string>;
    /** Absent when the documented response has no body. */
    body?: unknown;
  };
  /** Body paths (shape notation, e.g. `items[].hours`) whose type the vendor does not pin down: not compared. */
  _unverified?: string[];
}

/** The file URL of a contract fixture. */
export function contractUrl(vendor: ContractVendor, file: string): URL {
  return new URL(`./${vendor}/${file}`, import.meta.url);
}

/** A fixture file's text (XML, CSV...). */
export function readContractText(vendor: ContractVendor, file: string): string {
  return readFileSync(contractUrl(vendor, file), 'utf8');
}

/** A JSON exchange fixture (`name` without `.json`). */
export function loadContract(vendor: ContractVendor, name: string): ContractExchange {
  const exchange = JSON.parse(readContractText(vendor, `${name}.json`)) as ContractExchange;
  if (!exchange._source?.url || !exchange._source.title) throw new Error(`${vendor}/${name}.json names no source`);
  return exchange;
}

/** The documented response body of a JSON exchange fixture. */
export function contractBody(vendor: ContractVendor, name: string): unknown {
  return structuredClone(loadContract(vendor, name).response.body);
}

/** JSON value kinds compared by the shape checks. */
export type JsonKind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'undefined';

/** The JSON kind of a value. */
export function kindOf(value: unknown): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const kind = typeof value;
  return kind === 'string' || kind === 'number' || kind === 'boolean' || kind === 'object' || kind === 'undefined' ? kind : 'string';
}

/** How strictly two shapes are compared. */
export interface ShapeOptions {
  /** Paths (and their subtrees) not compared: what the vendor leaves open ([U]). */
  ignore?: readonly string[];
  /** Documented keys the actual value may omit. */
  optional?: readonly string[];
  /** Paths where the actual value may be null although the example shows a value. */
  nullable?: readonly string[];
  /** Keys the example lacks are allowed (default true: vendor examples are shortened). */
  allowExtraKeys?: boolean;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const covered = (paths: readonly string[] | undefined, path: string) =>
  (paths ?? []).some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[]`));

/**
 * Several documented array elements merged into one element shape: keys missing from some are
 * optional, keys null in some are nullable.
 */
function mergedElement(elements: unknown[]): { shape: unknown; optional: Set<string>; nullable: Set<string> } {
  const objects = elements.filter((e) => kindOf(e) === 'object') as Record<string, unknown>[];
  if (objects.length !== elements.length || objects.length === 0) return { shape: elements[0], optional: new Set(), nullable: new Set() };
  const merged: Record<string, unknown> = {};
  const counts = new Map<string, number>();
  const nullable = new Set<string>();
  for (const object of objects) {
    for (const [key, value] of Object.entries(object)) {
      if (!(key in merged) || merged[key] === null) merged[key] = value;
      if (value === null) nullable.add(key);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return { shape: merged, optional: new Set([...counts].filter(([, n]) => n < objects.length).map(([key]) => key)), nullable };
}

/**
 * Structural differences between `actual` and a documented example: the same keys with the same JSON
 * kinds at each path (values are not compared). Arrays: every actual element against the documented
 * elements merged. A documented `null` accepts anything. Paths read `items[].links[].href`.
 */
export function shapeDifferences(actual: unknown, documented: unknown, options: ShapeOptions = {}, path = ''): string[] {
  if (covered(options.ignore, path) && path !== '') return [];
  const expected = kindOf(documented);
  const got = kindOf(actual);
  const at = path || '(root)';
  if (expected === 'null') return [];
  if (got === 'null' && covered(options.nullable, path)) return [];
  if (expected !== got) return [`${at}: documented ${expected}, got ${got}`];
  if (expected === 'array') {
    const docs = documented as unknown[];
    if (docs.length === 0) return [];
    const { shape, optional, nullable } = mergedElement(docs);
    const elementPath = `${path}[]`;
    const elementOptions = {
      ...options,
      optional: [...(options.optional ?? []), ...[...optional].map((key) => join(elementPath, key))],
      nullable: [...(options.nullable ?? []), ...[...nullable].map((key) => join(elementPath, key))],
    };
    return (actual as unknown[]).flatMap((element) => shapeDifferences(element, shape, elementOptions, elementPath))
      .filter((diff, index, all) => all.indexOf(diff) === index);
  }
  if (expected === 'object') {
    const doc = documented as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    const diffs: string[] = [];
    for (const [key, value] of Object.entries(doc)) {
      const child = join(path, key);
      if (covered(options.ignore, child)) continue;
      if (!(key in act) || act[key] === undefined) {
        if (!covered(options.optional, child)) diffs.push(`${child}: documented ${kindOf(value)}, missing`);
        continue;
      }
      diffs.push(...shapeDifferences(act[key], value, options, child));
    }
    if (options.allowExtraKeys === false) {
      for (const key of Object.keys(act)) if (!(key in doc)) diffs.push(`${join(path, key)}: not in the documented example`);
    }
    return diffs;
  }
  return [];
}

/** A response as a test saw it. */
export interface ObservedResponse {
  status: number;
  headers: Headers | Record<string, string | undefined>;
  body: unknown;
}

const headerOf = (headers: ObservedResponse['headers'], name: string): string | undefined =>
  headers instanceof Headers ? (headers.get(name) ?? undefined) : Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

/** A URL-valued header's form: absolute URL, origin-relative path (`/x/y`) or relative path; all-digit segments become `{n}`. */
export function urlForm(value: string): { form: 'absolute' | 'origin-relative' | 'relative'; template: string } {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  const path = absolute ? new URL(value).pathname : value.split(/[?#]/)[0]!;
  const template = path.split('/').map((segment) => (/^\d+$/.test(segment) ? '{n}' : segment)).join('/');
  return { form: absolute ? 'absolute' : path.startsWith('/') ? 'origin-relative' : 'relative', template };
}

/**
 * How an observed response differs from a documented exchange: the status; each documented header
 * present, URL-valued ones (Location) in the same form (absolute vs relative) and path template,
 * Content-Type by media type and parameters, others by value; the body by shape (or absent when the
 * example has none).
 */
export function responseDifferences(observed: ObservedResponse, contract: ContractExchange, options: ShapeOptions = {}): string[] {
  const diffs: string[] = [];
  const documented = contract.response;
  if (documented.status !== undefined && observed.status !== documented.status) diffs.push(`status: documented ${documented.status}, got ${observed.status}`);
  for (const [name, value] of Object.entries(documented.headers ?? {})) {
    const lower = name.toLowerCase();
    const got = headerOf(observed.headers, lower);
    if (got === undefined) {
      diffs.push(`header ${name}: documented, missing`);
    } else if (lower === 'location' || /^(\/|https?:\/\/)/.test(value)) {
      const want = urlForm(value);
      const have = urlForm(got);
      if (want.form !== have.form) diffs.push(`header ${name}: documented ${want.form} (${value}), got ${have.form} (${got})`);
      else if (want.template !== have.template) diffs.push(`header ${name}: documented path ${want.template}, got ${have.template}`);
    } else {
      // Content-Type by media type and parameters; a charset the example leaves out is not a difference.
      const normal = (text: string) => text.toLowerCase().replace(/\s+/g, '').split(';').filter((part) => lower !== 'content-type' || !part.startsWith('charset=')).join(';');
      if (normal(value) !== normal(got)) diffs.push(`header ${name}: documented "${value}", got "${got}"`);
    }
  }
  if (documented.body === undefined) {
    if (observed.body !== undefined && observed.body !== null && observed.body !== '') diffs.push('body: documented none, got one');
  } else {
    diffs.push(...shapeDifferences(observed.body, documented.body, { ...options, ignore: [...(options.ignore ?? []), ...(contract._unverified ?? [])] }));
  }
  return diffs;
}

/**
 * Reads SOAP/XML for shape comparison: namespace prefixes dropped, attributes as `@_name`, every element
 * an array (so one worker and two workers have the same shape), text as strings.
 */
export function xmlShapeOf(xml: string): unknown {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  }).parse(xml);
}
