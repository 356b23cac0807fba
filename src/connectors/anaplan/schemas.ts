/** zod schemas of Anaplan payloads (authentication service and Integration API v2), parsed at the boundary. */
import { z } from 'zod';

/** `tokenInfo` of an authentication answer; `expiresAt` is epoch milliseconds. */
export const tokenInfoSchema = z.object({
  tokenValue: z.string().min(1),
  tokenId: z.string().optional(),
  expiresAt: z.coerce.number().int().positive(),
  refreshTokenId: z.string().optional(),
});

/** `POST /token/authenticate` and `POST /token/refresh` answers. */
export const tokenResponseSchema = z.object({
  status: z.literal('SUCCESS'),
  statusMessage: z.string().optional(),
  tokenInfo: tokenInfoSchema,
});

/** Task states of an import/export/process task. */
export const taskStates = ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETE', 'CANCELLING', 'CANCELLED'] as const;

/** One line of a task result's details. */
export const taskDetailSchema = z.object({
  localMessageText: z.string().optional(),
  type: z.string().optional(),
  occurrences: z.number().optional(),
  values: z.array(z.string()).optional(),
});

/** `{ task: {...} }` of the tasks resource. */
export const taskResponseSchema = z.object({
  task: z.object({
    taskId: z.string().min(1),
    taskState: z.enum(taskStates),
    progress: z.number().optional(),
    currentStep: z.string().optional(),
    creationTime: z.number().optional(),
    result: z
      .object({
        successful: z.boolean(),
        failureDumpAvailable: z.boolean().optional(),
        objectId: z.string().optional(),
        details: z.array(taskDetailSchema).optional(),
      })
      .optional(),
  }),
});

/** An Anaplan task. */
export type AnaplanTask = z.infer<typeof taskResponseSchema>['task'];

/** `{ chunks: [{ id, name }] }` of a file or failure dump. */
export const chunkListSchema = z.object({ chunks: z.array(z.object({ id: z.string(), name: z.string().optional() })) });

/** Error body: `{ status: { code, message } }` (the auth service uses `{ status, statusMessage }`). */
export const errorBodySchema = z.union([
  z.object({ status: z.object({ code: z.number(), message: z.string() }) }),
  z.object({ status: z.string(), statusMessage: z.string() }),
]);
