/** Webhooks for API clients: subscriptions, deliveries and their log, the publisher fed by the event hub. */
export * from './webhook.model';
export { WebhookSecrets } from './webhook-secrets';
export { assertWebhookUrlAllowed, type WebhookUrlPolicy } from './url-policy';
export { readWebhookSettings, type WebhookSettings } from './webhook-settings';
export type { WebhookQueuePort } from './webhook-queue';
export { MongoWebhookDeliveryStore, type WebhookDeliveryTargetView } from './webhook-store';
export {
  WebhookPublisher,
  certificateReadyPublisher,
  archiveReadyPublisher,
  deliveryIdOf,
  type CertificateReadyPublisher,
  type ArchiveReadyPublisher,
  type WebhookEvent,
  type WebhookPublisherDeps,
} from './webhook-publisher';
export * from './subscriptions';
