import type { RecordTypeSpec, StoredLine } from './field-spec.js';
import type { SublistChange } from './parse-body.js';

/**
 * Applies parsed changes to a record's fields with NetSuite's PATCH semantics: omitted fields stay,
 * `null` clears; sublist lines with a known `line` (or key field, e.g. apply `doc`) are updated, others
 * appended; `replace` names sublists whose lines are replaced wholesale (`?replace=item`).
 */
export function mergeChanges(
  spec: RecordTypeSpec,
  existing: Record<string, unknown> | undefined,
  changes: Record<string, unknown>,
  replace: ReadonlySet<string>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(existing ?? {}) };
  for (const [key, value] of Object.entries(changes)) {
    const sublist = spec.sublists?.[key];
    if (value === null) {
      delete merged[key];
      continue;
    }
    if (!sublist) {
      merged[key] = value;
      continue;
    }
    const previous = (existing?.[key] as { items?: StoredLine[] } | undefined)?.items ?? [];
    const incoming = (value as SublistChange).items;
    merged[key] = { items: mergeLines(replace.has(key) || !existing ? [] : previous, incoming, sublist.keyField) };
  }
  return merged;
}

function mergeLines(previous: StoredLine[], incoming: Record<string, unknown>[], keyField?: string): StoredLine[] {
  const lines = previous.map((line) => ({ ...line }));
  let nextLine = lines.reduce((max, line) => Math.max(max, line.line), 0) + 1;
  for (const change of incoming) {
    const target = lines.find((line) =>
      (typeof change.line === 'number' && line.line === change.line) ||
      (keyField !== undefined && change[keyField] !== undefined && sameRef(line[keyField], change[keyField])));
    if (target) {
      for (const [key, value] of Object.entries(change)) {
        if (key === 'line') continue;
        if (value === null) delete target[key];
        else target[key] = value;
      }
      continue;
    }
    const fresh: StoredLine = { line: nextLine++ };
    for (const [key, value] of Object.entries(change)) if (key !== 'line' && value !== null) fresh[key] = value;
    lines.push(fresh);
  }
  return lines;
}

function sameRef(a: unknown, b: unknown): boolean {
  return typeof a === 'object' && a !== null && typeof b === 'object' && b !== null &&
    (a as { id?: unknown }).id === (b as { id?: unknown }).id;
}
