/** The parsed form of the SOQL subset the sandbox understands. */

/** A literal on the right of a comparison. */
export type SoqlValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; value: string }
  | { kind: 'dateLiteral'; name: string; n?: number };

/** A WHERE condition. */
export type SoqlCondition =
  | { kind: 'and' | 'or'; operands: SoqlCondition[] }
  | { kind: 'not'; operand: SoqlCondition }
  | { kind: 'compare'; field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: SoqlValue }
  | { kind: 'in'; field: string; negated: boolean; values: SoqlValue[] }
  | { kind: 'like'; field: string; pattern: string };

/** One ORDER BY item. */
export interface SoqlOrder {
  field: string;
  direction: 'ASC' | 'DESC';
  nulls: 'FIRST' | 'LAST';
}

/** A whole query. */
export interface SoqlQuery {
  /** Field names as written; empty with `count` set for `SELECT COUNT()`. */
  fields: string[];
  count: boolean;
  from: string;
  where?: SoqlCondition;
  orderBy: SoqlOrder[];
  limit?: number;
  offset?: number;
}
