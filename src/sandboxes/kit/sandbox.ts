/** The contract every vendor sandbox exports, and the shared start options. */
import type { FastifyInstance } from 'fastify';
import type { SandboxClock } from './clock.js';

/** A sandbox listening on a loopback port. */
export interface RunningSandbox {
  name: string;
  /** Where clients point (e.g. the Salesforce instance URL). */
  baseUrl: string;
  /** What a user needs to connect (client ids, secrets, login URLs...). */
  credentials: Record<string, string>;
  /** Root of the admin API (`${baseUrl}/__admin`). */
  adminUrl: string;
  stop(): Promise<void>;
}

/** Options every `start<Vendor>Sandbox` accepts. */
export interface SandboxStartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  clock?: SandboxClock;
  seed?: number;
  /** Initial fault rules (validated with `faultRulesSchema`). */
  faults?: unknown;
  /** When set, admin routes require header `x-sandbox-admin-key`. */
  adminKey?: string;
}

/** Starts listening and returns the base URL (`http://host:port`). */
export async function listenSandbox(app: FastifyInstance, options: { port?: number; host?: string }): Promise<string> {
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox did not bind a TCP port');
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}:${address.port}`;
}
