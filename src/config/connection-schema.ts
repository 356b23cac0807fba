import { z } from 'zod';
import { absoluteUrlSchema, envVarNameSchema, slugSchema } from './primitives.js';

/** The vendor systems a connection can point at. */
export const systemNames = ['salesforce', 'certinia', 'netsuite', 'workday', 'anaplan', 'kantata', 'dynamics'] as const;
export type SystemName = (typeof systemNames)[number];

/** NetSuite service tiers; the tier sizes the account-wide concurrency pool (vendor-apis.md). */
export const netsuiteTiers = ['standard', 'premium', 'enterprise', 'ultimate'] as const;

/** OAuth 2.0 client credentials (Salesforce, Certinia, Dynamics, Kantata). */
export const oauthClientCredentialsAuthSchema = z.strictObject({
  type: z.literal('oauth_client_credentials'),
  /** Token endpoint; defaults to the vendor's standard path under baseUrl. */
  tokenUrl: absoluteUrlSchema.optional(),
  clientId: z.string().min(1),
  clientSecretEnv: envVarNameSchema,
});

/** NetSuite OAuth 2.0 client credentials with a JWT assertion signed by a certificate's private key. */
export const netsuiteJwtAuthSchema = z.strictObject({
  type: z.literal('netsuite_jwt'),
  clientId: z.string().min(1),
  certificateId: z.string().min(1),
  privateKeyEnv: envVarNameSchema,
});

/** Anaplan basic authentication, exchanged for a token. */
export const anaplanBasicAuthSchema = z.strictObject({
  type: z.literal('anaplan_basic'),
  usernameEnv: envVarNameSchema,
  passwordEnv: envVarNameSchema,
});

/** Workday OAuth 2.0 refresh-token grant from an API client registration. */
export const workdayRefreshTokenAuthSchema = z.strictObject({
  type: z.literal('workday_refresh_token'),
  clientId: z.string().min(1),
  clientSecretEnv: envVarNameSchema,
  refreshTokenEnv: envVarNameSchema,
});

/** How the hub authenticates to a connection, by `type`. */
export const connectionAuthSchema = z.discriminatedUnion('type', [
  oauthClientCredentialsAuthSchema,
  netsuiteJwtAuthSchema,
  anaplanBasicAuthSchema,
  workdayRefreshTokenAuthSchema,
]);
export type ConnectionAuth = z.infer<typeof connectionAuthSchema>;

/** Client-side limits the governor applies to this connection's endpoint. */
export const connectionLimitsSchema = z.strictObject({
  /** NetSuite account tier (sizes the shared concurrency pool). */
  netsuiteTier: z.enum(netsuiteTiers).optional(),
  /** SuiteCloud Plus licences (each adds 10 to the NetSuite pool). */
  suiteCloudPlusLicenses: z.int().min(0).optional(),
  /** Maximum requests in flight to this connection. */
  concurrency: z.int().min(1).optional(),
  /** Maximum request rate to this connection. */
  requestsPerSecond: z.number().positive().optional(),
});
export type ConnectionLimits = z.infer<typeof connectionLimitsSchema>;

/** One configured system the hub talks to. */
export const connectionSchema = z.strictObject({
  id: slugSchema,
  system: z.enum(systemNames),
  baseUrl: absoluteUrlSchema,
  auth: connectionAuthSchema,
  limits: connectionLimitsSchema.optional(),
  /** Environment variable holding the secret that signs this connection's inbound webhooks. */
  webhookSecretEnv: envVarNameSchema.optional(),
  /** Vendor API version to call (e.g. `v62.0` for Salesforce). */
  apiVersion: z.string().min(1).optional(),
});
export type ConnectionConfig = z.infer<typeof connectionSchema>;
