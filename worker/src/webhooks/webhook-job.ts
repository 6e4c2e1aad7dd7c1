/** The webhook queue's contract; the server's producer (server/src/webhooks/webhook-queue.ts) restates it. */
export const WEBHOOK_QUEUE = 'webhook';
export const WEBHOOK_JOB_NAME = 'deliver';

/** Version 1 carries only the delivery id: the body and the target are read from the store. */
export interface WebhookJobV1 {
  readonly v: 1;
  readonly deliveryId: string;
}

/** `whd_` + 40 hex digits of SM3(event id, subscription id): the same event to the same subscription is one delivery. */
export const DELIVERY_ID = /^whd_[0-9a-f]{40}$/;

export function parseWebhookJob(data: unknown): WebhookJobV1 {
  if (typeof data !== 'object' || data === null) throw new Error('webhook job data must be an object');
  const { v, deliveryId } = data as Record<string, unknown>;
  if (v !== 1) throw new Error(`unsupported webhook job version ${String(v)}`);
  if (typeof deliveryId !== 'string' || !DELIVERY_ID.test(deliveryId)) throw new Error('deliveryId must be whd_<40 hex>');
  return { v, deliveryId };
}
