import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a receiver knows a delivery is ours and fresh (docs/webhooks.md):
 *
 *   X-Eseal-Timestamp: unix seconds when this attempt was sent
 *   X-Eseal-Signature: v1=<hex HMAC-SM3(secret, timestamp + "." + raw body)>
 *
 * The secret is the subscription's, shown once when it was created. A receiver refuses a timestamp
 * more than `toleranceSeconds` off its clock (a captured request cannot be replayed later) and keeps
 * the X-Eseal-Delivery ids it processed within that window (nor replayed sooner; a redelivery has the
 * same id, so it is recognised as a repeat).
 */
export const WEBHOOK_HEADERS = {
  event: 'x-eseal-event',
  delivery: 'x-eseal-delivery',
  timestamp: 'x-eseal-timestamp',
  signature: 'x-eseal-signature',
} as const;

export const WEBHOOK_SIGNATURE_VERSION = 'v1';
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

export function webhookSignature(secret: string, timestamp: number, body: string | Uint8Array): string {
  const mac = createHmac('sm3', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `${WEBHOOK_SIGNATURE_VERSION}=${mac}`;
}

export type WebhookCheck = { ok: true } | { ok: false; reason: 'MISSING_HEADERS' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE' };

/** The receiver's side: signature over the exact raw body, timestamp within the tolerance. */
export function checkWebhookSignature(input: {
  secret: string;
  body: string | Uint8Array;
  timestamp: string | undefined;
  signature: string | undefined;
  now?: Date;
  toleranceSeconds?: number;
}): WebhookCheck {
  if (!input.timestamp || !input.signature || !/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'MISSING_HEADERS' };
  const timestamp = Number(input.timestamp);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS))
    return { ok: false, reason: 'STALE_TIMESTAMP' };
  const expected = Buffer.from(webhookSignature(input.secret, timestamp, input.body));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'BAD_SIGNATURE' };
}
