/**
 * The fastify app every sandbox is built on: request log, fault injection hooks, the simulated clock
 * and the admin API under `/__admin` (requests, faults, clock, reset, snapshot/restore, records).
 * Vendor routes are added to `app` by the vendor; admin and fault layers are the same everywhere.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SandboxClock } from './clock.js';
import { createFaultController, type FaultController, type FaultDecision, type FaultErrorKind } from './faults.js';
import { createRequestLog, type RequestLog } from './request-log.js';
import type { WebhookDispatcher } from './webhooks.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a vendor's auth step so the request log shows who called. */
    sandboxClientId: string | null;
    /** What the fault layer decided for this request (null for admin routes). */
    sandboxFault: FaultDecision | null;
    sandboxTiming: { wallMs: number; at: string; startedAt: number; logged: boolean } | null;
  }
}

/** A vendor's own error shape for an injected fault. */
export interface FormattedError {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** Formats an injected error the way the vendor would (Salesforce array, NetSuite o:errorDetails...). */
export type ErrorFormatter = (kind: FaultErrorKind, status: number) => FormattedError;

/** Vendor state the admin API can reset, snapshot, restore and inspect. */
export interface SandboxState {
  reset(): void;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  /** Records of one type, or a summary of all types; undefined when the type is unknown here. */
  inspect(type?: string): unknown;
}

/** Options of `createSandboxApp`. */
export interface SandboxAppOptions {
  name: string;
  clock: SandboxClock;
  /** Initial fault rules (validated). */
  faults?: unknown;
  seed?: number;
  formatError: ErrorFormatter;
  /** Passed to fastify's `logger` (false by default). */
  log?: boolean | object;
  /** When set, admin routes require header `x-sandbox-admin-key` with this value. */
  adminKey?: string;
}

/** A sandbox app before it listens. */
export interface SandboxApp {
  app: FastifyInstance;
  requestLog: RequestLog;
  faults: FaultController;
  clock: SandboxClock;
  registerState(state: SandboxState): void;
  /** Exposes the dispatcher's delivery log at `GET /__admin/webhooks`. */
  registerWebhooks(dispatcher: WebhookDispatcher): void;
  /** preHandler for vendor-specific admin routes (checks `x-sandbox-admin-key`). */
  requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

const ADMIN_PREFIX = '/__admin';

/** Builds the fastify app with log, faults and admin wired in. */
export function createSandboxApp(options: SandboxAppOptions): SandboxApp {
  const { clock, formatError } = options;
  const app = Fastify({ logger: options.log ?? false, bodyLimit: 50 * 1024 * 1024 });
  const requestLog = createRequestLog();
  const faults = createFaultController({ clock, initial: options.faults, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const states: SandboxState[] = [];
  const snapshots = new Map<string, unknown[]>();
  let webhooks: WebhookDispatcher | undefined;

  app.decorateRequest('sandboxClientId', null);
  app.decorateRequest('sandboxFault', null);
  app.decorateRequest('sandboxTiming', null);
  registerBodyParsers(app);

  const isAdmin = (url: string) => url === ADMIN_PREFIX || url.startsWith(`${ADMIN_PREFIX}/`) || url.startsWith(`${ADMIN_PREFIX}?`);
  const pathOf = (url: string) => url.split('?')[0] ?? url;

  /** Requests received and not yet answered (admin `GET /requests/in-flight`): what a client has open right now. */
  const inFlight = new Set<FastifyRequest>();
  const logOnce = (request: FastifyRequest, status: number, faultInjected?: string, clientAborted = false) => {
    inFlight.delete(request);
    const timing = request.sandboxTiming;
    if (!timing || timing.logged) return;
    timing.logged = true;
    requestLog.append({
      at: timing.at,
      wallMs: timing.wallMs,
      method: request.method,
      path: pathOf(request.url),
      status,
      ...(request.sandboxClientId ? { clientId: request.sandboxClientId } : {}),
      durationMs: Math.round((performance.now() - timing.startedAt) * 100) / 100,
      ...(faultInjected ? { faultInjected } : {}),
      ...(clientAborted ? { clientAborted: true as const } : {}),
    });
  };

  app.addHook('onRequest', async (request, reply) => {
    if (isAdmin(request.url)) return;
    request.sandboxTiming = { wallMs: Date.now(), at: clock.now().toISOString(), startedAt: performance.now(), logged: false };
    inFlight.add(request);
    // A connection closed before the answer went out: the client died or gave up mid-call.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished && request.sandboxTiming && !request.sandboxTiming.logged) logOnce(request, 0, undefined, true);
      inFlight.delete(request);
    });
    const decision = faults.decide(request.method, pathOf(request.url));
    request.sandboxFault = decision;
    if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
    const { action } = decision;
    if (action.type === 'error') {
      const formatted = formatError(action.kind, action.status);
      logOnce(request, formatted.status, `${action.kind}:${formatted.status}`);
      return reply.code(formatted.status).headers(formatted.headers ?? {}).send(formatted.body);
    }
    if (action.type === 'reset') {
      logOnce(request, 0, 'reset');
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.sandboxFault?.action.type === 'timeoutAfterCommit') {
      // The handler ran (the write committed); the caller only sees a dropped connection.
      logOnce(request, 0, `timeoutAfterCommit:${reply.statusCode}`);
      request.raw.socket.destroy();
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (request.sandboxTiming) logOnce(request, reply.statusCode);
  });

  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    if (options.adminKey && request.headers['x-sandbox-admin-key'] !== options.adminKey) {
      await reply.code(401).send({ error: 'admin key required (header x-sandbox-admin-key)' });
    }
  };

  app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);
    admin.get('/requests', async (request) => {
      const since = Number((request.query as Record<string, string>).since ?? 0);
      return { requests: requestLog.since(Number.isFinite(since) ? since : 0), lastSeq: requestLog.lastSeq() };
    });
    admin.get('/requests/in-flight', async () => ({
      inFlight: [...inFlight].map((r) => ({ method: r.method, path: pathOf(r.url), wallMs: r.sandboxTiming?.wallMs ?? 0 })),
    }));
    admin.delete('/requests', async (_request, reply) => {
      requestLog.clear();
      return reply.code(204).send();
    });
    admin.get('/faults', async () => faults.get());
    admin.put('/faults', async (request, reply) => {
      try {
        return faults.set(request.body);
      } catch (error) {
        return reply.code(400).send({ error: 'invalid fault rules', details: String(error) });
      }
    });
    admin.get('/clock', async () => ({ now: clock.now().toISOString(), mode: clock.mode }));
    admin.put('/clock', async (request, reply) => {
      const body = (request.body ?? {}) as { set?: string; advanceMs?: number };
      try {
        if (body.set !== undefined) clock.set(body.set);
        else if (typeof body.advanceMs === 'number') clock.advance(body.advanceMs);
        else return reply.code(400).send({ error: 'body must be { set: ISO } or { advanceMs: number }' });
      } catch (error) {
        return reply.code(400).send({ error: String(error) });
      }
      return { now: clock.now().toISOString(), mode: clock.mode };
    });
    admin.post('/reset', async () => {
      for (const state of states) state.reset();
      return { reset: true };
    });
    admin.post('/snapshot', async () => {
      const id = randomUUID();
      snapshots.set(id, states.map((s) => structuredClone(s.snapshot())));
      return { id };
    });
    admin.post('/restore/:id', async (request, reply) => {
      const saved = snapshots.get((request.params as { id: string }).id);
      if (!saved) return reply.code(404).send({ error: 'unknown snapshot' });
      states.forEach((state, i) => state.restore(structuredClone(saved[i])));
      return { restored: true };
    });
    const inspect = async (request: FastifyRequest, reply: FastifyReply) => {
      const type = (request.params as { type?: string }).type;
      for (const state of states) {
        const found = state.inspect(type);
        if (found !== undefined) return found;
      }
      return reply.code(404).send({ error: `no records of type ${type ?? '(any)'}` });
    };
    admin.get('/records', inspect);
    admin.get('/records/:type', inspect);
    admin.get('/webhooks', async () => ({ deliveries: webhooks?.deliveries() ?? [] }));
  }, { prefix: ADMIN_PREFIX });

  return {
    app,
    requestLog,
    faults,
    clock,
    registerState: (state) => void states.push(state),
    registerWebhooks: (dispatcher) => {
      webhooks = dispatcher;
    },
    requireAdmin,
  };
}

/** Form bodies (OAuth token endpoints), XML (SOAP) and raw bytes (file chunks) besides fastify's JSON. */
function registerBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addContentTypeParser(['text/xml', 'application/xml', 'application/soap+xml'], { parseAs: 'string' }, (_req, body, done) => {
    done(null, body);
  });
  app.addContentTypeParser(['application/octet-stream', 'text/csv', 'application/gzip', 'application/x-gzip'], { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, body);
  });
}
