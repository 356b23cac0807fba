import type { FastifyError, FastifyInstance } from 'fastify';
import { concurrencyLimitBody, NetSuiteError, netSuiteErrorBody } from '../errors.js';
import { registerAsyncJobRoutes } from './async-job-routes.js';
import { registerGovernanceRoute } from './governance-route.js';
import type { NetSuiteContext } from './netsuite-context.js';
import { registerRecordRoutes } from './record-routes.js';
import { mediaTypes, sendNetSuiteError } from './request-helpers.js';
import { registerSuiteQlRoute } from './suiteql-route.js';
import { registerTokenRoute } from './token-route.js';

/** Every NetSuite web-services path lives under this prefix (and counts against concurrency). */
export const NETSUITE_PREFIX = '/services/rest';

const TOKEN_ROUTE = `${NETSUITE_PREFIX}/auth/oauth2/v1/token`;

/**
 * The NetSuite API as a fastify plugin: concurrency governance, bearer authentication, NetSuite's
 * error body for every failure, and the record, SuiteQL, async, token and governance routes.
 */
export async function netSuiteApiPlugin(app: FastifyInstance, context: NetSuiteContext): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    if (!context.pool.wasAdmitted(request.raw)) {
      return reply.code(429).header('content-type', mediaTypes.error).send(concurrencyLimitBody());
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url === TOKEN_ROUTE) return;
    try {
      request.sandboxClientId = context.issuer.authenticate(request.headers.authorization, request.sandboxFault?.tokenExpiry === true);
    } catch (error) {
      return sendNetSuiteError(reply, error as NetSuiteError);
    }
  });

  app.setErrorHandler(async (error: FastifyError, _request, reply) => {
    if (error instanceof NetSuiteError) return sendNetSuiteError(reply, error);
    if (error.statusCode !== undefined && error.statusCode < 500) {
      return sendNetSuiteError(reply, new NetSuiteError('INVALID_CONTENT', `Invalid request: ${error.message}`, { status: error.statusCode }));
    }
    return reply.code(500).header('content-type', mediaTypes.error).send(
      netSuiteErrorBody(500, [{ detail: `An unexpected error occurred: ${error.message}`, 'o:errorCode': 'UNEXPECTED_ERROR' }]),
    );
  });

  app.setNotFoundHandler(async (request, reply) =>
    sendNetSuiteError(reply, new NetSuiteError('NONEXISTENT_ID', `No resource at ${request.method} ${request.url.split('?')[0]}.`)));

  registerTokenRoute(app, context);
  registerRecordRoutes(app, context);
  registerSuiteQlRoute(app, context);
  registerAsyncJobRoutes(app, context);
  registerGovernanceRoute(app, context);
}
