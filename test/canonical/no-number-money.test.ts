import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const canonicalDir = fileURLToPath(new URL('../../src/canonical/', import.meta.url));
const moneyField = /\b\w*(?:amount|rate|price|total|cost|fee|tax|billing|collection|backlog|salary)\w*\s*:\s*z\s*\.\s*(?:number|bigint|int|float32|float64)\b/gi;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Lines where a money-like field is typed as a JS number. */
function numberTypedMoneyFields(source: string): string[] {
  return [...source.matchAll(moneyField)].map((m) => m[0]);
}

describe('no amount is a number in src/canonical', () => {
  it('the scan finds a number-typed money field (so it can fail)', () => {
    expect(numberTypedMoneyFields('const s = z.object({ unitPrice: z.number(), taxTotal : z.int() });')).toEqual([
      'unitPrice: z.number', 'taxTotal : z.int',
    ]);
    expect(numberTypedMoneyFields('count: z.number().int()')).toEqual([]);
  });

  it('no field named like amount|rate|price|total|cost is typed with z.number', () => {
    const files = sourceFiles(canonicalDir);
    expect(files.length).toBeGreaterThan(30);
    const offenders = files.flatMap((file) => numberTypedMoneyFields(readFileSync(file, 'utf8')).map((hit) => `${file}: ${hit}`));
    expect(offenders).toEqual([]);
  });

  it('no TypeScript type in src/canonical declares a money-like property as number', () => {
    const typed = /\b\w*(?:amount|rate|price|total|cost)\w*\??\s*:\s*number\b/gi;
    const offenders = sourceFiles(canonicalDir).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(typed)].map((m) => `${file}: ${m[0]}`));
    expect(offenders).toEqual([]);
  });
});
