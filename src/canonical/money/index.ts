// Money, currencies, FX and hours: the only place amounts are computed.
export { type CurrencyCode, currencyCodes, currencyMinorUnits, currencySchema, isCurrencyCode, minorUnitsOf } from './currencies.js';
export { isDecimalString, sameDecimal } from './decimal.js';
export {
  type Money, abs, add, compare, decimalStringSchema, equals, isNegative, isZero, money, moneySchema, multiply,
  multiplyExact, negate, postableMoneySchema, roundToMinorUnit, subtract, sum, zero,
} from './money.js';
export { allocate, allocateEvenly } from './allocate.js';
export { type FxRate, fxRateSchema, invertFxRate } from './fx-rate.js';
export { type ConvertedMoney, convert, convertedMoneySchema } from './convert.js';
export { type Hours, compareHours, durationToHours, hoursSchema, hoursToMinutes, minutesToHours, signedHoursSchema, sumHours } from './hours.js';
