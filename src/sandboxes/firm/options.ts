/** The firm simulator's options, validated with zod at its boundary. */
import { z } from 'zod';

const businessDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date');
const rate = z.number().min(0).max(1);

/** Where the firm's Salesforce org (CRM + Certinia PSA) lives and how the firm's users log in. */
export const firmSalesforceEndpointSchema = z.object({
  baseUrl: z.url(),
  adminUrl: z.url(),
  /** Defaults to `${baseUrl}/services/oauth2/token`. */
  tokenUrl: z.url().optional(),
  /** The firm's own connected app, so CDC `changeOrigin` tells its writes from the hub's. */
  clientId: z.string().min(1).default('firm-users'),
  clientSecret: z.string().min(1),
  apiVersion: z.string().regex(/^\d+\.\d$/).default('61.0'),
});

/** The firm's NetSuite account, used by accounts receivable clerks to record customer payments. */
export const firmNetSuiteEndpointSchema = z.object({
  baseUrl: z.url(),
  adminUrl: z.url(),
  tokenUrl: z.url().optional(),
  clientId: z.string().min(1),
  certificateId: z.string().min(1),
  /** PKCS8 PEM private key that signs the client-credentials JWT assertion. */
  privateKeyPem: z.string().min(1),
  /** JWS algorithm of the key. */
  algorithm: z.enum(['PS256', 'RS256', 'ES256']).default('PS256'),
});

/** The Workday tenant; HR events go through its admin API (the firm's HR team). */
export const firmWorkdayEndpointSchema = z.object({
  baseUrl: z.url(),
  adminUrl: z.url(),
});

/** Rates of realistic dirt; each is a probability per opportunity for it. */
export const firmDirtSchema = z.object({
  /** Submitted timecards the approver rejects. */
  rejectRate: rate.default(0.07),
  /** Share of rejected timecards the consultant fixes and resubmits (the rest stay rejected). */
  resubmitRejectedRate: rate.default(0.5),
  /** Approved timecards whose hours are corrected afterwards and re-approved. */
  correctionRate: rate.default(0.04),
  /** Clients entered twice with a near-identical name. */
  duplicateAccountRate: rate.default(0.15),
  /** Clients without a tax id. */
  missingTaxIdRate: rate.default(0.15),
  /** Projects set up by hand in the PSA without a won deal (unknown to the hub). */
  unknownProjects: z.number().int().min(0).max(20).default(1),
  /** Closed projects on which someone still logs a late timecard. */
  closedProjectTimecardRate: rate.default(0.5),
  /** Assignments staffed from another legal entity than the project's. */
  crossEntityRate: rate.default(0.15),
  /** Expenses the approver rejects. */
  expenseRejectRate: rate.default(0.05),
  /** Billable assignments staffed without a bill rate (0): their time must not post as free work. */
  missingRateRate: rate.default(0.03),
  /** Cross-entity assignments booked in the consultant's home currency instead of the project's. */
  wrongCurrencyRate: rate.default(0.1),
  /** Each week, the probability that someone files a forgotten second timecard for last week that takes one day past 24 hours. */
  overbookedDayRate: rate.default(0.3),
});

export const firmSimulatorOptionsSchema = z.object({
  salesforce: firmSalesforceEndpointSchema,
  netsuite: firmNetSuiteEndpointSchema.optional(),
  workday: firmWorkdayEndpointSchema.optional(),
  /**
   * Admin roots whose clock follows the simulation (`PUT /__admin/clock`). Default: every sandbox above.
   * An estate shares one clock, so one URL is enough there.
   */
  clockAdminUrls: z.array(z.url()).optional(),
  /** Sent as `x-sandbox-admin-key` on admin calls when the estate guards them. */
  adminKey: z.string().optional(),
  seed: z.number().int(),
  /** First simulated day; a Monday makes the first week whole. */
  startDate: businessDate.default('2026-01-05'),
  days: z.number().int().min(1).max(3660).default(90),
  consultants: z.number().int().min(2).max(2000).default(12),
  dirt: firmDirtSchema.default(firmDirtSchema.parse({})),
  /** Each week, the probability that a running T&M, fixed-fee or milestone project gets a change order. */
  amendmentRate: rate.default(0.06),
});

export type FirmSimulatorInput = z.input<typeof firmSimulatorOptionsSchema>;
export type FirmSimulatorOptions = z.output<typeof firmSimulatorOptionsSchema>;
export type FirmDirt = z.output<typeof firmDirtSchema>;
