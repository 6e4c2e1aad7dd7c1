import { describeError } from '@eseal/core';
import type { WebhookDeliveryStorePort, WebhookSender } from './ports';
import { WEBHOOK_HEADERS, webhookSignature } from './webhook-signature';

export interface WebhookRunDeps {
  store: WebhookDeliveryStorePort;
  sender: WebhookSender;
  clock?: () => Date;
}

export type WebhookOutcome = 'DELIVERED' | 'ALREADY_DELIVERED' | 'SUBSCRIPTION_GONE';

/**
 * One attempt of one delivery: sign the stored body with a fresh timestamp, POST it, log the attempt.
 * A 2xx delivers; anything else throws so BullMQ retries with backoff, and the last attempt marks the
 * delivery FAILED (a redeliver call can send it again).
 */
export async function deliverWebhook(deps: WebhookRunDeps, deliveryId: string, lastAttempt: boolean): Promise<WebhookOutcome> {
  const target = await deps.store.load(deliveryId);
  if (!target) throw new Error(`no webhook delivery ${deliveryId}`);
  if (target.state === 'DELIVERED') return 'ALREADY_DELIVERED';
  if (!target.active) return 'SUBSCRIPTION_GONE';
  const now = (deps.clock ?? (() => new Date()))();
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = {
    [WEBHOOK_HEADERS.event]: target.event,
    [WEBHOOK_HEADERS.delivery]: target.deliveryId,
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: webhookSignature(target.secret, timestamp, target.body),
    'user-agent': 'eseal-webhooks/1',
  };
  const started = Date.now();
  let status: number | undefined;
  let error: string | undefined;
  try {
    status = await deps.sender.send(target.url, headers, target.body);
    if (status < 200 || status > 299) error = `receiver answered ${status}`;
  } catch (cause) {
    error = describeError(cause).slice(0, 300);
  }
  const attempt = { at: now, durationMs: Date.now() - started, ...(status !== undefined ? { status } : {}), ...(error ? { error } : {}) };
  if (error === undefined) {
    await deps.store.recordAttempt(deliveryId, attempt, 'DELIVERED');
    return 'DELIVERED';
  }
  await deps.store.recordAttempt(deliveryId, attempt, lastAttempt ? 'FAILED' : undefined);
  throw new Error(error);
}
