/** The internal shape of one REST call, so composite subrequests run through the same handlers. */
import type { SandboxClock } from '../../kit/clock.js';
import type { SalesforceStore, WriteContext } from '../store.js';
import type { QueryCursors } from './query-cursors.js';

/** A call below `/services/data/vXX.X/`. */
export interface RestCall {
  method: string;
  /** Path segments after the version, already URL-decoded. */
  segments: string[];
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string | undefined>;
}

/** What a handler answers. */
export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What handlers need. */
export interface RestDeps {
  store: SalesforceStore;
  clock: SandboxClock;
  cursors: QueryCursors;
  /** Default query batch size (2000 like Salesforce; smaller in tests). */
  queryBatchSize: number;
  /** Daily allowance numbers for `GET /limits`. */
  limits(): { max: number; remaining: number };
}

/** Caller identity plus API version. */
export type CallContext = WriteContext;
