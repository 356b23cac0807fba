/**
 * The simulated firm's fixed reference data: legal entities, practices, roles and its rate card.
 * Rates are decimal strings in the entity's currency (money is never a float).
 */

/** A legal entity of the firm with its functional currency and the PSA region it staffs. */
export interface LegalEntity {
  code: 'US' | 'UK' | 'DE';
  name: string;
  currency: 'USD' | 'GBP' | 'EUR';
  region: string;
  country: string;
  /** How the entity is referenced in Workday (company id, region, office location). */
  workday: { companyId: string; region: string; location: string };
}

export const legalEntities: readonly LegalEntity[] = [
  { code: 'US', name: 'Throughline Consulting Inc.', currency: 'USD', region: 'Americas', country: 'United States', workday: { companyId: 'US01', region: 'North America', location: 'New York' } },
  { code: 'UK', name: 'Throughline Consulting Ltd', currency: 'GBP', region: 'EMEA - UK', country: 'United Kingdom', workday: { companyId: 'UK01', region: 'EMEA', location: 'London' } },
  { code: 'DE', name: 'Throughline Consulting GmbH', currency: 'EUR', region: 'EMEA - DACH', country: 'Germany', workday: { companyId: 'DE01', region: 'EMEA', location: 'Berlin' } },
];

/** Looks up an entity by code. */
export function legalEntity(code: LegalEntity['code']): LegalEntity {
  const found = legalEntities.find((entity) => entity.code === code);
  if (!found) throw new Error(`unknown legal entity ${code}`);
  return found;
}

export const practices = ['Advisory', 'Implementation', 'Managed Services'] as const;
export type Practice = (typeof practices)[number];

export const roles = ['Consultant', 'Senior Consultant', 'Manager', 'Architect'] as const;
export type Role = (typeof roles)[number];

/** Standard hourly bill rates by role and entity, in the entity's currency. */
export const billRateCard: Readonly<Record<Role, Readonly<Record<LegalEntity['code'], string>>>> = {
  Consultant: { US: '150.00', UK: '110.00', DE: '125.00' },
  'Senior Consultant': { US: '195.00', UK: '145.00', DE: '165.00' },
  Manager: { US: '240.00', UK: '180.00', DE: '205.00' },
  Architect: { US: '275.00', UK: '210.00', DE: '235.00' },
};

/** Standard hourly cost rates by role and home entity, in the home entity's currency. */
export const costRateCard: Readonly<Record<Role, Readonly<Record<LegalEntity['code'], string>>>> = {
  Consultant: { US: '62.50', UK: '45.00', DE: '52.00' },
  'Senior Consultant': { US: '81.25', UK: '58.75', DE: '68.00' },
  Manager: { US: '102.00', UK: '76.50', DE: '86.00' },
  Architect: { US: '118.75', UK: '88.00', DE: '99.50' },
};

/** How a deal is billed. */
export type BillingModel = 'time_and_materials' | 'fixed_fee' | 'milestone' | 'retainer' | 'subscription';

/** Mix of billing models among closed deals (weights). */
export const billingModelMix: ReadonlyArray<readonly [BillingModel, number]> = [
  ['time_and_materials', 0.4],
  ['fixed_fee', 0.2],
  ['milestone', 0.2],
  ['retainer', 0.1],
  ['subscription', 0.1],
];

/** How the PSA labels each billing model on the project. */
export const psaBillingType: Readonly<Record<BillingModel, string>> = {
  time_and_materials: 'Time and Materials',
  fixed_fee: 'Fixed Fee',
  milestone: 'Milestone',
  retainer: 'Retainer',
  subscription: 'Subscription',
};

/** Short labels for deal names. */
export const billingModelLabel: Readonly<Record<BillingModel, string>> = {
  time_and_materials: 'T&M',
  fixed_fee: 'Fixed fee',
  milestone: 'Milestones',
  retainer: 'Retainer',
  subscription: 'Support subscription',
};

/** Monthly support subscription tiers by entity, in the entity's currency (billed monthly in advance). */
export const subscriptionTiers: Readonly<Record<LegalEntity['code'], readonly string[]>> = {
  US: ['2500.00', '5000.00', '9500.00'],
  UK: ['1800.00', '3600.00', '7000.00'],
  DE: ['2100.00', '4200.00', '8000.00'],
};

/** Months a support subscription runs. */
export const SUBSCRIPTION_TERM_MONTHS = 12;

export const expenseTypes = ['Airfare', 'Lodging', 'Meals', 'Taxi', 'Mileage'] as const;

/** Client company stems; suffixes and countries are drawn per client. */
export const clientNames = [
  'Acme Industrial', 'Borealis Energy', 'Cobalt Logistics', 'Delphi Health', 'Everline Retail', 'Fjord Shipping',
  'Granite Bank', 'Helios Media', 'Iris Pharmaceuticals', 'Juniper Foods', 'Keystone Insurance', 'Lumen Telecom',
  'Meridian Airlines', 'Northwind Traders', 'Orion Mining', 'Pinnacle Software', 'Quarry Construction', 'Riverside Hospitals',
  'Summit Automotive', 'Tidewater Utilities',
] as const;

export const clientSuffixByEntity: Readonly<Record<LegalEntity['code'], readonly string[]>> = {
  US: ['Inc.', 'Corp.', 'LLC'],
  UK: ['Ltd', 'plc'],
  DE: ['GmbH', 'AG'],
};

export const firstNames = [
  'Ava', 'Ben', 'Chloe', 'Daniel', 'Emma', 'Felix', 'Grace', 'Hugo', 'Isla', 'Jonas', 'Klara', 'Liam', 'Mia', 'Noah',
  'Olivia', 'Paul', 'Quinn', 'Rosa', 'Sam', 'Theo', 'Uma', 'Victor', 'Wren', 'Yusuf', 'Zoe',
] as const;

export const lastNames = [
  'Anders', 'Brook', 'Carter', 'Dietrich', 'Ellis', 'Fischer', 'Gray', 'Hoffmann', 'Iyer', 'Jensen', 'Keller', 'Lang',
  'Morgan', 'Novak', 'Owens', 'Patel', 'Quist', 'Reyes', 'Schmidt', 'Turner', 'Ueda', 'Vogel', 'Walsh', 'Young',
] as const;
