import type { z } from 'zod';
import type { NetSuiteClient } from '../client.js';
import { collectionSchema, suiteQlRowSchema } from '../schemas.js';
import { NonRetryableError } from '../../../runtime/errors.js';

/** A SuiteQL row: lower-case column names; null columns are absent. */
export type SuiteQlRow = z.infer<typeof suiteQlRowSchema>;

const pageSchema = collectionSchema(suiteQlRowSchema);

/** SuiteQL pages hold at most 1,000 rows. */
export const SUITEQL_MAX_PAGE = 1000;

/**
 * Runs a SuiteQL query and yields its rows page by page (`limit`/`offset`, following `hasMore`).
 * Vendor doc: NetSuite Help "Executing SuiteQL Queries Through REST Web Services" —
 * `POST /services/rest/query/v1/suiteql?limit=&offset=` with `Prefer: transient` and `{ "q": ... }`.
 */
export async function* suiteQlPages(
  client: NetSuiteClient,
  q: string,
  options: { pageSize?: number; offset?: number; priority?: number } = {},
): AsyncGenerator<{ rows: SuiteQlRow[]; offset: number; hasMore: boolean; totalResults: number | undefined }> {
  const limit = Math.min(options.pageSize ?? SUITEQL_MAX_PAGE, SUITEQL_MAX_PAGE);
  let offset = options.offset ?? 0;
  for (;;) {
    const response = await client.send({
      method: 'POST',
      path: '/query/v1/suiteql',
      query: { limit, offset },
      headers: { prefer: 'transient' },
      json: { q },
      priority: options.priority,
    });
    const parsed = pageSchema.safeParse(response.body);
    if (!parsed.success) throw new NonRetryableError(`${client.connection}: SuiteQL page not understood: ${parsed.error.message}`, { kind: 'validation', connection: client.connection });
    const page = parsed.data;
    yield { rows: page.items, offset, hasMore: page.hasMore, totalResults: page.totalResults };
    if (!page.hasMore || page.items.length === 0) return;
    offset += page.items.length;
  }
}

/** All rows of a (small) query. */
export async function suiteQlAll(client: NetSuiteClient, q: string, options: { pageSize?: number } = {}): Promise<SuiteQlRow[]> {
  const rows: SuiteQlRow[] = [];
  for await (const page of suiteQlPages(client, q, options)) rows.push(...page.rows);
  return rows;
}

/** A SuiteQL string literal (quotes doubled). */
export function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
