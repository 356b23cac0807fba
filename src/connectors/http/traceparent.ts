import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** The W3C trace context of the work in progress (a run, a webhook), carried into every vendor call. */
export interface TraceContext {
  traceId: string;
  parentId: string;
}

const storage = new AsyncLocalStorage<TraceContext>();

/** Runs `fn` inside a trace (a new one unless `context` continues an incoming one). */
export function withTrace<T>(fn: () => T, context?: TraceContext): T {
  return storage.run(context ?? { traceId: randomBytes(16).toString('hex'), parentId: randomBytes(8).toString('hex') }, fn);
}

/** A `traceparent` header value for one outbound call: the current trace, a new span id. */
export function outboundTraceparent(): string {
  const trace = storage.getStore();
  const traceId = trace?.traceId ?? randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
}

/** Parses an incoming `traceparent` header; undefined when absent or malformed. */
export function parseTraceparent(header: string | undefined): TraceContext | undefined {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(header ?? '');
  return match ? { traceId: match[1]!, parentId: match[2]! } : undefined;
}
