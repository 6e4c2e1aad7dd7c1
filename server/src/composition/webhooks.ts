import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { ApiModule } from '../app';
import { webhookApi } from '../api/webhooks/webhook-routes';
import type { EvidenceEvents } from '../events';
import { lookupKeyModel } from '../public-lookup';
import { signingRecordsReader, type ReadSigningRecords, type SigningStore } from '../store/signing';
import {
  archiveReadyPublisher,
  certificateReadyPublisher,
  MongoWebhookDeliveryStore,
  readWebhookSettings,
  webhookDeliveryModel,
  WebhookPublisher,
  webhookSubscriptionModel,
  type ArchiveReadyPublisher,
  type CertificateReadyPublisher,
  type WebhookSecrets,
  type WebhookSettings,
} from '../webhooks';
import { BullWebhookQueue } from './webhook-queue';

export interface WebhookServices {
  readonly apiModule: ApiModule;
  /** For the worker's webhook processor (worker/src/webhooks), bound by the launcher. */
  readonly deliveryStore: MongoWebhookDeliveryStore;
  /** The URL policy (the worker's sender applies it on every connection too) and the retry policy. */
  readonly settings: WebhookSettings;
  /** For the evidence-certificate job: emits certificate.ready to the unit's subscribers. */
  readonly certificateReady: CertificateReadyPublisher;
  /** For the archive job: emits archive.ready to the unit's subscribers. */
  readonly archiveReady: ArchiveReadyPublisher;
  close(): Promise<void>;
}

/**
 * Webhooks: subscriptions and their routes, the publisher listening to the event hub (anchored
 * signatures, confirmed court receipts, revocations), and the producer of the `webhook` queue.
 * WEBHOOK_ALLOW_PRIVATE_TARGETS=true (development and tests) admits http and private addresses.
 */
export async function createWebhooks(input: {
  mongo: Connection;
  signing: Pick<SigningStore, 'records'>;
  /** Shared with the lookup index so an anchored batch's records are read once; default: a reader of its own. */
  readRecords?: ReadSigningRecords;
  events: EvidenceEvents;
  secrets: WebhookSecrets;
  queue: { redisUrl: string; prefix: string };
  env: Record<string, string | undefined>;
  clock: () => Date;
}): Promise<WebhookServices> {
  const settings = readWebhookSettings(input.env);
  const subscriptions = webhookSubscriptionModel(input.mongo);
  const deliveries = webhookDeliveryModel(input.mongo);
  for (const model of [subscriptions, deliveries]) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
  // A producer fails fast while Redis is down: the anchoring run that published fails and is repeated.
  const connection = new Redis(input.queue.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  connection.on('error', () => undefined);
  const queue = new BullWebhookQueue(connection, input.queue.prefix, {
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.retryBaseMs, jitter: 0.5 },
  });
  const publisher = new WebhookPublisher({
    subscriptions,
    deliveries,
    readRecords: input.readRecords ?? signingRecordsReader(input.signing.records),
    lookupKeys: lookupKeyModel(input.mongo),
    queue,
    clock: input.clock,
  });
  input.events.listen(publisher);
  return {
    apiModule: webhookApi({ subscriptions, deliveries, secrets: input.secrets, queue, policy: settings, clock: input.clock }),
    deliveryStore: new MongoWebhookDeliveryStore(deliveries, subscriptions, input.secrets),
    settings,
    certificateReady: certificateReadyPublisher(publisher),
    archiveReady: archiveReadyPublisher(publisher),
    close: async () => {
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
