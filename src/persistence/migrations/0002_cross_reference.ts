import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tl_cross_reference')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('canonical_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('system_id', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('tl_xref_canonical_uq', ['canonical_id', 'connection_id', 'object_type'])
    .addUniqueConstraint('tl_xref_system_uq', ['connection_id', 'object_type', 'system_id'])
    .execute();
  await db.schema
    .createIndex('tl_xref_external_idx')
    .on('tl_cross_reference')
    .columns(['connection_id', 'object_type', 'external_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tl_cross_reference').execute();
}
