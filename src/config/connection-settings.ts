import { z } from 'zod';
import { configErrorMap } from './issue-messages.js';
import { absoluteUrlSchema } from './primitives.js';

/** Workday: the tenant named in every path, and how workers are read. */
export const workdaySettingsSchema = z.strictObject({
  tenant: z.string().min(1).describe('Workday: tenant name in every API path (/ccx/api/v1/{tenant}/...); required'),
  soapVersion: z.string().min(1).optional().describe('Workday: Human_Resources web service version (default v44.0)'),
  pageSize: z.int().min(1).max(999).optional().describe('Workday: workers per Get_Workers page (default 100)'),
});
export type WorkdaySettings = z.infer<typeof workdaySettingsSchema>;

/** Anaplan: which workspace, model, data-source file and import receive the actuals. */
export const anaplanSettingsSchema = z.strictObject({
  authUrl: absoluteUrlSchema.optional().describe('Anaplan: authentication service base (default https://auth.anaplan.com)'),
  workspaceId: z.string().min(1).describe('Anaplan: workspace id; required'),
  modelId: z.string().min(1).describe('Anaplan: model id; required'),
  actualsFileId: z.string().min(1).describe('Anaplan: import data source file that receives the actuals CSV; required'),
  actualsImportId: z.string().min(1).describe('Anaplan: import that reads the actuals file; required'),
});
export type AnaplanSettings = z.infer<typeof anaplanSettingsSchema>;

/** The settings each system requires; systems not listed take none. */
const settingsBySystem: Partial<Record<string, z.ZodType>> = {
  workday: workdaySettingsSchema,
  anaplan: anaplanSettingsSchema,
};

/**
 * The `settings` field as declared (every system's fields, all optional) for the JSON Schema and the
 * type; {@link checkConnectionSettings} then validates it against the connection's system.
 */
export const connectionSettingsSchema = z.strictObject({
  ...workdaySettingsSchema.partial().shape,
  ...anaplanSettingsSchema.partial().shape,
});
export type ConnectionSettings = z.infer<typeof connectionSettingsSchema>;

/**
 * Validates a connection's `settings` against its system (Workday needs a tenant, Anaplan its model
 * ids); problems are added to `ctx` under `settings.<field>`.
 */
export function checkConnectionSettings(connection: { system: string; settings?: unknown }, ctx: z.core.$RefinementCtx): void {
  const schema = settingsBySystem[connection.system];
  if (!schema) {
    if (connection.settings !== undefined) ctx.addIssue({ code: 'custom', path: ['settings'], message: `is not used by a ${connection.system} connection` });
    return;
  }
  if (connection.settings === undefined) {
    const required = Object.entries((schema as z.ZodObject).shape).filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success).map(([name]) => name);
    ctx.addIssue({ code: 'custom', path: ['settings'], message: `is required for ${connection.system} connections (${required.join(', ')})` });
    return;
  }
  // Formats and ranges are checked by connectionSettingsSchema already, and keys of no system are
  // reported there as unknown; here only what depends on the system: required and foreign fields.
  const result = schema.safeParse(connection.settings, { error: configErrorMap });
  if (result.success) return;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys.filter((k) => k in connectionSettingsSchema.shape)) {
        ctx.addIssue({ code: 'custom', path: ['settings', ...issue.path, key], message: `is not a setting of ${connection.system} connections` });
      }
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      ctx.addIssue({ code: 'custom', path: ['settings', ...issue.path], message: issue.message });
    }
  }
}

/** The Workday settings of a validated `workday` connection. */
export function workdaySettingsOf(connection: { id: string; settings?: unknown }): WorkdaySettings {
  return settingsOf(workdaySettingsSchema, connection);
}

/** The Anaplan settings of a validated `anaplan` connection. */
export function anaplanSettingsOf(connection: { id: string; settings?: unknown }): AnaplanSettings {
  return settingsOf(anaplanSettingsSchema, connection);
}

function settingsOf<T>(schema: z.ZodType<T>, connection: { id: string; settings?: unknown }): T {
  const result = schema.safeParse(connection.settings ?? {}, { error: configErrorMap });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `settings${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`);
  throw new Error(`connection ${connection.id}: ${problems.join('; ')}`);
}
