import type { Kysely } from 'kysely';

/** Shared-mode governor: a request-rate token bucket per endpoint, shared by every process. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tl_governor_endpoint')
    .addColumn('requests_per_second', 'float8')
    .addColumn('burst', 'float8')
    .addColumn('rate_tokens', 'float8')
    .addColumn('rate_updated_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tl_governor_endpoint')
    .dropColumn('requests_per_second')
    .dropColumn('burst')
    .dropColumn('rate_tokens')
    .dropColumn('rate_updated_at')
    .execute();
}
