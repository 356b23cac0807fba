import { z } from 'zod';

/** A lowercase identifier such as `netsuite-prod`: letters, digits and single hyphens. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be a slug (lowercase letters, digits and single hyphens)' });

/** The name of an environment variable holding a secret; the config never holds the secret itself. */
export const envVarNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name (letters, digits, _)' });

/** An absolute http(s) URL. */
export const absoluteUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an absolute URL' });
