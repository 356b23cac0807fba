import { z } from 'zod';

/** A business date, `YYYY-MM-DD` (work date, tranDate, due date, FX date). Validated as a real calendar day. */
export const businessDateSchema = z.iso.date();

/** An instant: ISO 8601 date-time with offset (the hub writes UTC `Z`). */
export const instantSchema = z.iso.datetime({ offset: true });

/** An accounting period, `YYYY-MM`. */
export const periodSchema = z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, 'must be a period like "2026-01"');

/** ISO 3166-1 alpha-2 country code. */
export const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code like "US"');

/** A non-empty trimmed string. */
export const textSchema = z.string().trim().min(1);

/** A decimal string quantity that may not be negative (units, days). */
export const quantitySchema = z.string().regex(/^(?:0|[1-9]\d*)(?:\.\d+)?$/, 'must be a non-negative decimal string');

/** A percentage or fraction as a decimal string (tax rate `0.2` = 20%). */
export const rateFractionSchema = z.string().regex(/^(?:0|[1-9]\d*)(?:\.\d+)?$/, 'must be a non-negative decimal string like "0.2"');
