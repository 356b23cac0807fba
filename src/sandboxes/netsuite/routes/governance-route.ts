import type { FastifyInstance } from 'fastify';
import type { NetSuiteContext } from './netsuite-context.js';
import { mediaTypes } from './request-helpers.js';

/**
 * `GET /services/rest/system/v1/governanceLimits`: the account concurrency limit. The exact NetSuite
 * shape is unconfirmed; the sandbox's choice is documented in docs/sandboxes/netsuite.md.
 */
export function registerGovernanceRoute(app: FastifyInstance, context: NetSuiteContext): void {
  app.get('/system/v1/governanceLimits', async (_request, reply) =>
    reply.header('content-type', mediaTypes.singular).send({
      accountConcurrencyLimit: context.pool.limit,
      serviceTier: context.serviceTier,
      suiteCloudPlusLicenses: context.suiteCloudPlusLicenses,
    }));
}
