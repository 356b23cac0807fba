import type { ColumnType, Generated } from 'kysely';

/**
 * One row per (canonical entity, system record): the canonical id on one side, the connection,
 * object type and the system's own id on the other. Unique in both directions.
 */
export interface CrossReferenceTable {
  id: Generated<number>;
  canonical_id: string;
  entity_type: string;
  connection_id: string;
  system: string;
  object_type: string;
  /** The system's own record id (Salesforce Id, NetSuite internal id, ...). */
  system_id: string;
  /** The external id the hub set on the record, when it set one. */
  external_id: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CrossReferenceTables {
  tl_cross_reference: CrossReferenceTable;
}
