import type { z } from 'zod';
import { fxRateSchema as moneyFxRateSchema } from '../money/index.js';

/** FxRate entity: 1 `from` = `rate` `to` on `date`, from `source` (the same shape money conversion records). */
export const fxRateEntitySchema = moneyFxRateSchema;

/** An FX rate. */
export type FxRateEntity = z.infer<typeof fxRateEntitySchema>;
