/** Stable WIDs for reference objects (cost centres, companies, orgs...), derived from their ids. */
import { createHash } from 'node:crypto';

/** A 32-hex WID that is the same for the same kind and reference id on every run. */
export function referenceWid(kind: string, id: string): string {
  return createHash('md5').update(`${kind}:${id}`).digest('hex');
}
