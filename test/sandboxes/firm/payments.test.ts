import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { startEstate } from '../../../src/sandboxes/estate.js';
import { createSandboxClock } from '../../../src/sandboxes/kit/clock.js';
import { firmEndpointsOf } from '../../../src/sandboxes/firm/estate-endpoints.js';
import { createFirmSimulator } from '../../../src/sandboxes/firm/firm-simulator.js';
import { createFirmNetSuiteApi } from '../../../src/sandboxes/firm/http/netsuite-api.js';

describe('firm simulator accounts receivable', () => {
  it('pays the invoices it finds in NetSuite on time, late or partially, applied to each invoice', { timeout: 60_000 }, async () => {
    const clock = createSandboxClock('2026-01-05T08:00:00.000Z', 'manual');
    const estate = await startEstate({ only: ['salesforce', 'netsuite'], clock });
    try {
      const endpoints = firmEndpointsOf(estate);
      // Invoices as the hub would have issued them, due on 2026-01-20.
      const hub = createFirmNetSuiteApi({ ...endpoints.netsuite!, algorithm: 'PS256', now: () => clock.now() });
      const customer = await hub.create('customer', { companyName: 'Granite Bank', subsidiary: { externalId: 'US' } });
      for (let index = 0; index < 8; index += 1) {
        await hub.create('invoice', {
          entity: { id: customer }, tranDate: '2026-01-05', dueDate: '2026-01-20',
          item: { items: [{ item: { externalId: 'SVC-CONSULTING' }, quantity: 10 + index, rate: 150, taxCode: { externalId: 'US-NY' } }] },
        });
      }

      const truth = await createFirmSimulator({ ...endpoints, seed: 11, days: 70, consultants: 2 }).run();

      const invoices = await hub.suiteql('SELECT id, total, amountremaining FROM invoice ORDER BY id');
      expect(invoices).toHaveLength(8);
      for (const invoice of invoices) {
        const payments = truth.payments.filter((payment) => payment.invoiceId === String(invoice.id));
        expect(payments).toHaveLength(1);
        const [payment] = payments;
        expect(payment!.currency).toBe('USD');
        const remaining = new Decimal(String(invoice.amountremaining));
        expect(remaining.plus(payment!.amount).toFixed(2)).toBe(new Decimal(String(invoice.total)).toFixed(2));
        if (payment!.kind === 'partial') expect(remaining.greaterThan(0)).toBe(true);
        else expect(remaining.isZero()).toBe(true);
        if (payment!.kind === 'on_time') expect(payment!.date <= '2026-01-20').toBe(true);
        if (payment!.kind === 'late') expect(payment!.date > '2026-01-20').toBe(true);
      }
      expect(new Set(truth.payments.map((payment) => payment.kind)).size).toBeGreaterThan(1);
    } finally {
      await estate.stop();
    }
  });
});
