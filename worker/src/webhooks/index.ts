/** Webhook deliveries: signed (HMAC-SM3) POSTs to API clients' receivers, retried with backoff by BullMQ. */
export * from './webhook-signature';
export * from './webhook-job';
export * from './ports';
export { HttpWebhookSender, type HttpWebhookSenderOptions } from './http-sender';
export { deliverWebhook, type WebhookOutcome, type WebhookRunDeps } from './webhook-handler';
export { webhookProcessor } from './webhook-processor';
