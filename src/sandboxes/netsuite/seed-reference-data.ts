import { monthlyPeriodFields } from './rules/accounting-periods.js';
import type { NetSuiteStore } from './store.js';

/**
 * The account's reference data after a start or reset: currencies, subsidiaries US (USD), UK (GBP)
 * and DE (EUR), service items, sales tax codes, and open monthly periods from January of last year to
 * December of next year (relative to the sandbox clock). Each carries an externalId so clients can
 * refer to it as `eid:...`.
 */
export function seedReferenceData(store: NetSuiteStore, now: Date): void {
  const currency = (symbol: string, name: string, exchangeRate: string, currencyPrecision = 2) =>
    store.insert('currency', { externalId: symbol, name, symbol, currencyPrecision, exchangeRate, isBaseCurrency: symbol === 'USD', isInactive: false });
  const usd = currency('USD', 'US Dollar', '1');
  const gbp = currency('GBP', 'British Pound', '1.27');
  const eur = currency('EUR', 'Euro', '1.08');
  currency('CAD', 'Canadian Dollar', '0.73');
  currency('JPY', 'Japanese Yen', '0.0067', 0);

  const subsidiary = (externalId: string, name: string, country: string, base: { id: string }) =>
    store.insert('subsidiary', { externalId, name, country, currency: { id: base.id, type: 'currency' }, isInactive: false });
  subsidiary('US', 'Throughline Consulting Inc. (US)', 'US', usd);
  subsidiary('UK', 'Throughline Consulting Ltd (UK)', 'GB', gbp);
  subsidiary('DE', 'Throughline Consulting GmbH (DE)', 'DE', eur);

  const item = (externalId: string, itemId: string, displayName: string, basePrice?: string) =>
    store.insert('item', { externalId, itemId, displayName, itemType: { id: 'Service' }, isInactive: false, ...(basePrice ? { basePrice } : {}) });
  item('SVC-CONSULTING', 'Consulting Services', 'Consulting (time and materials)', '200');
  item('SVC-PM', 'Project Management', 'Project management', '180');
  item('SVC-TRAINING', 'Training', 'Training day', '1500');
  item('SVC-MILESTONE', 'Fixed Fee Milestone', 'Fixed fee milestone');
  item('SVC-RETAINER', 'Retainer', 'Monthly retainer');
  item('SVC-SUPPORT', 'Subscription Support', 'Subscription support');
  item('SVC-EXPENSE', 'Reimbursable Expense', 'Reimbursable expense');

  const tax = (externalId: string, itemId: string, rate: string, country: string, description: string) =>
    store.insert('salesTaxItem', { externalId, itemId, rate, country, description, isInactive: false });
  tax('EXEMPT', 'EXEMPT', '0', 'US', 'Not taxable');
  tax('US-NY', 'NY State and City', '8.875', 'US', 'New York sales tax');
  tax('US-CA', 'CA State', '7.25', 'US', 'California sales tax');
  tax('UK-VAT-S', 'VAT:S-GB', '20', 'GB', 'UK VAT standard rate');
  tax('UK-VAT-Z', 'VAT:Z-GB', '0', 'GB', 'UK VAT zero rate');
  tax('DE-UST-19', 'UST:19-DE', '19', 'DE', 'German VAT 19%');

  const year = now.getUTCFullYear();
  for (let y = year - 1; y <= year + 1; y++) {
    for (let m = 1; m <= 12; m++) {
      const month = `${y}-${String(m).padStart(2, '0')}`;
      store.insert('accountingPeriod', { externalId: `P-${month}`, ...monthlyPeriodFields(month) });
    }
  }
}
