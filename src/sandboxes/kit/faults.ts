/**
 * Fault injection rules shared by every sandbox: latency, 5xx, 429 storms, outage windows, connection
 * resets, timeout-after-commit and forced token expiry. Off by default; set through config or
 * `PUT /__admin/faults`. Decisions are deterministic from the rules' seed.
 */
import { z } from 'zod';
import type { SandboxClock } from './clock.js';
import { createRandom, type SandboxRandom } from './random.js';

const probability = z.number().min(0).max(1);

/** One rule: which requests it matches and what it does to them. */
export const faultRuleSchema = z.object({
  id: z.string().optional(),
  match: z
    .object({
      method: z.string().optional(),
      /** A regular expression tested against the path (without the query string). */
      path: z.string().optional(),
    })
    .default({}),
  latencyMs: z.object({ min: z.number().int().min(0), max: z.number().int().min(0) }).optional(),
  errorRate: z.object({ '500': probability.optional(), '502': probability.optional(), '503': probability.optional() }).optional(),
  throttleRate: probability.optional(),
  /** Every `everyN`-th matching request starts a run of `length` consecutive 429s. */
  storm: z.object({ everyN: z.number().int().min(1), length: z.number().int().min(1) }).optional(),
  /** Windows of sandbox-clock time during which matching requests get 503. */
  outages: z.array(z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })).optional(),
  /** Destroy the socket before the handler runs (nothing is written). */
  resetRate: probability.optional(),
  /** Run the handler (the write commits), then destroy the socket instead of replying. */
  timeoutAfterCommitRate: probability.optional(),
  /** Treat every bearer token as expired for matching requests. */
  tokenExpiry: z.boolean().optional(),
  /** The rule acts on at most this many requests, then stands aside (e.g. lose only the first answer). */
  limit: z.number().int().min(1).optional(),
});

/** The whole fault configuration of one sandbox. */
export const faultRulesSchema = z.object({
  seed: z.number().int().optional(),
  rules: z.array(faultRuleSchema).default([]),
});

export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultRules = z.infer<typeof faultRulesSchema>;
/** The kinds of error a sandbox must be able to format in its vendor's own shape. */
export type FaultErrorKind = 'server_error' | 'throttled' | 'unavailable';

/** What the fault layer decided for one request. */
export interface FaultDecision {
  ruleIds: string[];
  latencyMs: number;
  action:
    | { type: 'none' }
    | { type: 'error'; kind: FaultErrorKind; status: number }
    | { type: 'reset' }
    | { type: 'timeoutAfterCommit' };
  tokenExpiry: boolean;
}

/** Holds the current rules and decides per request. */
export interface FaultController {
  get(): FaultRules;
  /** Replaces the rules (validated); resets storm counters and reseeds. */
  set(rules: unknown): FaultRules;
  decide(method: string, path: string): FaultDecision;
}

/** Creates a fault controller; `initial` is validated with `faultRulesSchema`. */
export function createFaultController(options: { clock: SandboxClock; initial?: unknown; seed?: number }): FaultController {
  let rules: FaultRules = { rules: [] };
  let random: SandboxRandom = createRandom(options.seed ?? 1);
  let compiled: { rule: FaultRule; path?: RegExp; seen: number; stormLeft: number; fired: number }[] = [];

  const set = (input: unknown) => {
    const parsed = faultRulesSchema.parse(input ?? { rules: [] });
    rules = parsed;
    random = createRandom(parsed.seed ?? options.seed ?? 1);
    compiled = parsed.rules.map((rule) => ({
      rule,
      ...(rule.match.path ? { path: new RegExp(rule.match.path) } : {}),
      seen: 0,
      stormLeft: 0,
      fired: 0,
    }));
    return parsed;
  };
  set(options.initial);

  return {
    get: () => structuredClone(rules),
    set,
    decide(method, path) {
      const decision: FaultDecision = { ruleIds: [], latencyMs: 0, action: { type: 'none' }, tokenExpiry: false };
      const now = options.clock.now().getTime();
      compiled.forEach((entry, index) => {
        const { rule } = entry;
        if (rule.match.method && rule.match.method.toUpperCase() !== method.toUpperCase()) return;
        if (entry.path && !entry.path.test(path)) return;
        if (rule.limit !== undefined && entry.fired >= rule.limit) return;
        entry.seen += 1;
        let fired = false;
        if (rule.latencyMs) {
          const { min, max } = rule.latencyMs;
          decision.latencyMs += random.int(Math.min(min, max), Math.max(min, max));
          fired = true;
        }
        if (rule.tokenExpiry) {
          decision.tokenExpiry = true;
          fired = true;
        }
        if (decision.action.type === 'none') {
          const action = pickAction(entry, now, random);
          if (action) {
            decision.action = action;
            fired = true;
          }
        }
        if (fired) {
          entry.fired += 1;
          decision.ruleIds.push(rule.id ?? `rule-${index}`);
        }
      });
      return decision;
    },
  };
}

function pickAction(
  entry: { rule: FaultRule; seen: number; stormLeft: number },
  now: number,
  random: SandboxRandom,
): FaultDecision['action'] | undefined {
  const { rule } = entry;
  const inOutage = rule.outages?.some((w) => now >= Date.parse(w.from) && now < Date.parse(w.to));
  if (inOutage) return { type: 'error', kind: 'unavailable', status: 503 };
  if (rule.storm) {
    if (entry.stormLeft === 0 && entry.seen % rule.storm.everyN === 0) entry.stormLeft = rule.storm.length;
    if (entry.stormLeft > 0) {
      entry.stormLeft -= 1;
      return { type: 'error', kind: 'throttled', status: 429 };
    }
  }
  if (rule.throttleRate && random.chance(rule.throttleRate)) return { type: 'error', kind: 'throttled', status: 429 };
  if (rule.errorRate) {
    // One draw across the statuses so the rates add up as configured.
    const roll = random.next();
    let cumulative = 0;
    for (const status of ['500', '502', '503'] as const) {
      cumulative += rule.errorRate[status] ?? 0;
      if (roll < cumulative) {
        return { type: 'error', kind: status === '503' ? 'unavailable' : 'server_error', status: Number(status) };
      }
    }
  }
  if (rule.resetRate && random.chance(rule.resetRate)) return { type: 'reset' };
  if (rule.timeoutAfterCommitRate && random.chance(rule.timeoutAfterCommitRate)) return { type: 'timeoutAfterCommit' };
  return undefined;
}
