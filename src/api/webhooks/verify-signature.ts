/**
 * Standard Webhooks signature check (https://www.standardwebhooks.com/, spec "Verifying webhooks"):
 * `webhook-signature` holds space-separated `v1,<base64 HMAC-SHA256>` entries over
 * `<webhook-id>.<webhook-timestamp>.<raw body>`, keyed with the base64 part of the `whsec_` secret;
 * the timestamp (unix seconds) must be within the tolerance of the receiver's clock.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Default tolerance between the sender's timestamp and our clock (5 minutes, as the spec suggests). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/** The verified identity of a delivery, or why it was refused. */
export type SignatureCheck = { ok: true; webhookId: string; timestamp: Date } | { ok: false; reason: string };

/** Verifies one delivery's headers and raw body against the connection's secret at `now`. */
export function verifyStandardWebhook(input: {
  secret: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  now: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  const header = (name: string) => {
    const value = input.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const webhookId = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!webhookId || !timestamp || !signatures) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp is not unix seconds' };
  const sentAt = Number(timestamp);
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor(input.now.getTime() / 1000);
  if (Math.abs(nowSeconds - sentAt) > tolerance) {
    return { ok: false, reason: `stale timestamp: ${timestamp} is more than ${tolerance}s from the receiver clock (${nowSeconds})` };
  }
  const key = Buffer.from(input.secret.startsWith('whsec_') ? input.secret.slice('whsec_'.length) : input.secret, 'base64');
  const expected = createHmac('sha256', key)
    .update(`${webhookId}.${timestamp}.`)
    .update(input.rawBody)
    .digest();
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, webhookId, timestamp: new Date(sentAt * 1000) };
  }
  return { ok: false, reason: 'no valid v1 signature for this body' };
}
