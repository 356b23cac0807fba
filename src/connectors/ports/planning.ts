import { z } from 'zod';
import { currencySchema, decimalStringSchema } from '../../canonical/money/index.js';
import { periodSchema } from '../../canonical/primitives.js';

/** One row of actuals for planning: a project's month in one currency (amounts are decimal strings). */
export const actualsRowSchema = z.object({
  projectCode: z.string().trim().min(1),
  /** `YYYY-MM`. */
  month: periodSchema,
  currency: currencySchema,
  hours: decimalStringSchema,
  cost: decimalStringSchema,
  billings: decimalStringSchema,
  collections: decimalStringSchema,
});

/** A row of actuals. */
export type ActualsRow = z.infer<typeof actualsRowSchema>;

/** A row planning (or the connector's own validation) refused, with the reason. */
export interface RejectedActualsRow {
  row: ActualsRow | unknown;
  reason: string;
  /** Where it was refused: by the connector before sending, or by the planning import. */
  stage: 'validation' | 'import';
}

/** What publishing a set of actuals did. */
export interface PublishActualsResult {
  /** The planning system's task / run id. */
  taskId: string | undefined;
  /** False when the planning import could not run at all (then no row was loaded). */
  successful: boolean;
  rowsSent: number;
  rowsLoaded: number;
  rejected: RejectedActualsRow[];
  /** The planning system's own summary lines. */
  details: string[];
}

/** The planning operations flows use (forecast-feed): canonical rows in, a result with rejects out. */
export interface PlanningPort {
  publishActuals(rows: readonly ActualsRow[]): Promise<PublishActualsResult>;
}
