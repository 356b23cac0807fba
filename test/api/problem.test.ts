import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { registerProblemHandlers } from '../../src/api/problem.js';

it("answers a route's unexpected failure as 500 internal_error without its words, and a schema validation failure as 400 invalid_request with the errors", async () => {
  const app = Fastify({ logger: false });
  registerProblemHandlers(app);
  app.get('/boom', async () => {
    throw new Error('connection to db-internal.acme:5432 refused (rate 250.00)');
  });
  app.get('/typed', { schema: { querystring: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } }, async () => ({ ok: true }));
  try {
    const boom = await app.inject('/boom');
    expect(boom.statusCode).toBe(500);
    expect(boom.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(boom.json()).toEqual({
      type: '/problems/internal_error', title: 'Internal error', status: 500, code: 'internal_error', detail: 'the request could not be completed', instance: '/boom',
    });
    const invalid = await app.inject('/typed?n=x');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ type: '/problems/invalid_request', status: 400, code: 'invalid_request', errors: [{ path: '/n', message: 'must be integer' }] });
  } finally {
    await app.close();
  }
});
