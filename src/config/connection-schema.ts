import { z } from 'zod';
import { authTypeBySystem } from './connection-roles.js';
import { checkConnectionSettings, connectionSettingsSchema } from './connection-settings.js';
import { absoluteUrlSchema, envVarNameSchema, slugSchema } from './primitives.js';

/** The vendor systems a connection can point at. */
export const systemNames = ['salesforce', 'certinia', 'netsuite', 'workday', 'anaplan', 'kantata', 'dynamics'] as const;
export type SystemName = (typeof systemNames)[number];

/** NetSuite service tiers; the tier sizes the account-wide concurrency pool (vendor-apis.md). */
export const netsuiteTiers = ['standard', 'premium', 'enterprise', 'ultimate'] as const;

/** OAuth 2.0 client credentials (Salesforce, Certinia, Dynamics, Kantata). */
export const oauthClientCredentialsAuthSchema = z.strictObject({
  type: z.literal('oauth_client_credentials'),
  tokenUrl: absoluteUrlSchema.optional().describe("Token endpoint; defaults to the vendor's standard path under baseUrl"),
  clientId: z.string().min(1).describe('OAuth client id (consumer key)'),
  clientSecretEnv: envVarNameSchema.describe('Environment variable holding the client secret'),
});

/** NetSuite OAuth 2.0 client credentials with a JWT assertion signed by a certificate's private key. */
export const netsuiteJwtAuthSchema = z.strictObject({
  type: z.literal('netsuite_jwt'),
  clientId: z.string().min(1).describe('Integration record client id'),
  certificateId: z.string().min(1).describe('Certificate id from the OAuth 2.0 client credentials setup (JWT kid)'),
  privateKeyEnv: envVarNameSchema.describe("Environment variable holding the certificate's private key (PEM)"),
});

/** Anaplan basic authentication, exchanged for a token. */
export const anaplanBasicAuthSchema = z.strictObject({
  type: z.literal('anaplan_basic'),
  usernameEnv: envVarNameSchema.describe('Environment variable holding the Anaplan user name'),
  passwordEnv: envVarNameSchema.describe('Environment variable holding the Anaplan password'),
});

/** Workday OAuth 2.0 refresh-token grant from an API client registration. */
export const workdayRefreshTokenAuthSchema = z.strictObject({
  type: z.literal('workday_refresh_token'),
  clientId: z.string().min(1).describe('Workday API client id'),
  clientSecretEnv: envVarNameSchema.describe('Environment variable holding the API client secret'),
  refreshTokenEnv: envVarNameSchema.describe('Environment variable holding the refresh token'),
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
  netsuiteTier: z.enum(netsuiteTiers).optional().describe('NetSuite account tier; sizes the account-wide concurrency pool'),
  suiteCloudPlusLicenses: z.int().min(0).optional().describe('SuiteCloud Plus licences; each adds 10 to the NetSuite pool'),
  concurrency: z.int().min(1).optional().describe('Maximum requests in flight to this connection'),
  requestsPerSecond: z.number().positive().optional().describe('Maximum request rate to this connection'),
});
export type ConnectionLimits = z.infer<typeof connectionLimitsSchema>;

/** One configured system the hub talks to. */
export const connectionSchema = z.strictObject({
  id: slugSchema.describe('Unique slug naming this connection (webhook path, cross-references, logs)'),
  system: z.enum(systemNames).describe('Which vendor system this is'),
  baseUrl: absoluteUrlSchema.describe('Absolute http(s) URL of the instance'),
  auth: connectionAuthSchema.describe(
    'How the hub authenticates, by type; each system takes one: oauth_client_credentials (salesforce, certinia, kantata, dynamics), netsuite_jwt (netsuite), workday_refresh_token (workday), anaplan_basic (anaplan)',
  ),
  limits: connectionLimitsSchema.optional().describe('Client-side limits applied by the endpoint governor'),
  webhookSecretEnv: envVarNameSchema.optional().describe("Environment variable holding the secret that signs this connection's inbound webhooks"),
  apiVersion: z.string().min(1).optional().describe('Vendor API version to call (e.g. v62.0 for Salesforce)'),
  settings: connectionSettingsSchema.optional().describe('Per-system settings: workday { tenant, soapVersion?, pageSize? }; anaplan { authUrl?, workspaceId, modelId, actualsFileId, actualsImportId }'),
}).superRefine((connection, ctx) => {
  checkConnectionAuth(connection, ctx);
  checkConnectionSettings(connection, ctx);
});
export type ConnectionConfig = z.infer<typeof connectionSchema>;

/** The auth type must be the one the system's connector signs in with (netsuite: netsuite_jwt, ...). */
function checkConnectionAuth(connection: { system: SystemName; auth: { type: string } }, ctx: z.core.$RefinementCtx): void {
  const expected = authTypeBySystem[connection.system];
  if (connection.auth.type === expected) return;
  ctx.addIssue({ code: 'custom', path: ['auth', 'type'], message: `must be ${expected} for a ${connection.system} connection (got ${connection.auth.type})` });
}
