/**
 * The webhook deliveries' processor, bound to the server's delivery store, with the same URL policy
 * the subscriptions were checked against (WEBHOOK_ALLOW_PRIVATE_TARGETS).
 */
import type { Services } from './create-services';
import { HttpWebhookSender, webhookProcessor, type ProcessorFactory, type WebhookDeliveryStorePort } from '@eseal/worker';

/** How long a receiver has to answer one delivery. */
const WEBHOOK_TIMEOUT_MS = 10_000;

export function webhookProcessors(services: Services): ProcessorFactory[] {
  const { deliveryStore, settings } = services.webhooks;
  // The server restates the worker's port (it cannot import the worker); the two meet here.
  const store: WebhookDeliveryStorePort = deliveryStore;
  return [
    webhookProcessor({
      store,
      sender: new HttpWebhookSender({ timeoutMs: WEBHOOK_TIMEOUT_MS, allowPrivateTargets: settings.allowPrivateTargets }),
    }),
  ];
}
