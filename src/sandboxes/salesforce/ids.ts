/**
 * Salesforce record ids: a 3-character key prefix naming the object, then pod and unique characters
 * (15, case-sensitive), plus a 3-character suffix that makes the 18-character form case-insensitive.
 * https://help.salesforce.com/s/articleView?id=000385008 (15 vs 18 character ids)
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The case-safe 3-character suffix of a 15-character id. */
export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const ch = id15[chunk * 5 + i]!;
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** 18-character id from a 15-character one. */
export function to18(id15: string): string {
  return id15 + caseSafeSuffix(id15);
}

/**
 * Canonical 18-character id for a 15- or 18-character input, or undefined when malformed. An
 * 18-character id may arrive in any letter case: its suffix says which letters are upper case.
 */
export function normalizeId(raw: string): string | undefined {
  if (!/^[0-9A-Za-z]{15}([0-9A-Za-z]{3})?$/.test(raw)) return undefined;
  if (raw.length === 15) return to18(raw);
  const suffix = raw.slice(15).toUpperCase();
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix[chunk]!);
    if (bits < 0) return undefined;
    for (let i = 0; i < 5; i += 1) {
      const ch = raw[chunk * 5 + i]!;
      id15 += bits & (1 << i) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  return to18(id15);
}

/** Id for the n-th record of an object: prefix + pod "8d" + "0" + 9 base-62 digits. */
export function makeId(keyPrefix: string, n: number): string {
  let digits = '';
  let rest = n;
  for (let i = 0; i < 9; i += 1) {
    digits = BASE62[rest % 62] + digits;
    rest = Math.floor(rest / 62);
  }
  return to18(`${keyPrefix}8d0${digits}`);
}
