/**
 * RFC 9457 problem details: every error the HTTP API answers is `application/problem+json`
 * `{ type, title, status, detail, instance, code, ...extension members }`. `code` is the
 * machine-readable code callers branch on (the `error` of the answers before); `type` is
 * `/problems/<code>`, a URI reference resolved against the API's base URL (an identifier, not a page
 * that is served).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The machine-readable codes of the API's problems, with their titles (the same for every occurrence). */
export const problemTitles = {
  invalid_json: 'Body is not JSON',
  unprocessable: 'Payload cannot be processed',
  invalid_signature: 'Invalid webhook signature',
  unknown_connection: 'Unknown connection',
  webhook_id_reused: 'Webhook id reused',
  body_too_large: 'Body too large',
  unsupported_media_type: 'Unsupported media type',
  invalid_request: 'Invalid request',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  temporarily_unavailable: 'Temporarily unavailable',
  internal_error: 'Internal error',
} as const;
export type ProblemCode = keyof typeof problemTitles;

/** The body of every error answer (OpenAPI component `Problem`). */
export const problemSchema = z
  .object({
    type: z.string().describe('URI reference identifying the problem type: /problems/<code>'),
    title: z.string().describe('short summary of the problem type, the same for every occurrence'),
    status: z.number().int().describe('the HTTP status code of this answer'),
    detail: z.string().optional().describe('what went wrong in this occurrence, for a person'),
    instance: z.string().optional().describe('the request target this occurrence answered'),
    code: z.enum(Object.keys(problemTitles) as [ProblemCode, ...ProblemCode[]]).describe('machine-readable code to branch on (extension member)'),
  })
  .catchall(z.unknown())
  .describe('RFC 9457 problem details; further extension members by code (webhookId, errors)');

/** One problem to answer. */
export interface Problem {
  status: number;
  code: ProblemCode;
  detail?: string | undefined;
  /** Extension members (e.g. `webhookId`). */
  extensions?: Record<string, unknown> | undefined;
}

/** The problem document of one answer. */
export function problemBody(request: Pick<FastifyRequest, 'url'>, problem: Problem): Record<string, unknown> {
  return {
    type: `/problems/${problem.code}`,
    title: problemTitles[problem.code],
    status: problem.status,
    ...(problem.detail !== undefined ? { detail: problem.detail } : {}),
    instance: request.url,
    code: problem.code,
    ...problem.extensions,
  };
}

/** Answers `problem` as application/problem+json. (Replies are thenables: return this, never await it.) */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problemBody(request, problem));
}

/** Fastify's own errors (body limit, media type, schema validation, a route's throw) as problems. */
function problemOf(error: FastifyError): Problem {
  if (error.validation) {
    return { status: 400, code: 'invalid_request', detail: error.message, extensions: { errors: error.validation.map((v) => ({ path: v.instancePath, message: v.message })) } };
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  if (status >= 500) return { status, code: status === 503 ? 'temporarily_unavailable' : 'internal_error', detail: 'the request could not be completed' };
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status, code: 'body_too_large', detail: error.message };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status, code: 'unsupported_media_type', detail: error.message };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status, code: 'invalid_json', detail: error.message };
    default:
      return { status, code: status === 404 ? 'not_found' : status === 405 ? 'method_not_allowed' : 'invalid_request', detail: error.message };
  }
}

/**
 * Makes every error the app answers a problem: routes that do not exist (404) and errors thrown or
 * raised by Fastify (413 body too large, validation, a route's unexpected failure: 500, its words
 * logged, not sent).
 */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, { status: 404, code: 'not_found', detail: `no route ${request.method} ${request.url.split('?')[0]}` }));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = problemOf(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, problem);
  });
}
