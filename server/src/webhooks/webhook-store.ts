import type { Model } from 'mongoose';
import { findByIdRaw } from '../store/ferretdb';
import type { WebhookAttemptDoc, WebhookDeliveryDoc, WebhookSubscriptionDoc } from './webhook.model';
import type { WebhookSecrets } from './webhook-secrets';

/** The worker's WebhookDeliveryStorePort (worker/src/webhooks/ports.ts), restated structurally. */
export interface WebhookDeliveryTargetView {
  deliveryId: string;
  subscriptionId: string;
  event: string;
  url: string;
  secret: string;
  body: string;
  state: WebhookDeliveryDoc['state'];
  active: boolean;
}

/** Most attempts kept in a delivery's log; later ones replace the oldest (a redelivered delivery may run many times). */
const MAX_LOGGED_ATTEMPTS = 50;

export class MongoWebhookDeliveryStore {
  constructor(
    private readonly deliveries: Model<WebhookDeliveryDoc>,
    private readonly subscriptions: Model<WebhookSubscriptionDoc>,
    private readonly secrets: WebhookSecrets,
  ) {}

  async load(deliveryId: string): Promise<WebhookDeliveryTargetView | undefined> {
    const delivery = await findByIdRaw<WebhookDeliveryDoc>(this.deliveries as never, deliveryId);
    if (!delivery) return undefined;
    const subscription = await findByIdRaw<WebhookSubscriptionDoc>(this.subscriptions as never, delivery.subscriptionId);
    return {
      deliveryId,
      subscriptionId: delivery.subscriptionId,
      event: delivery.event,
      url: subscription?.url ?? '',
      secret: subscription ? this.secrets.open(subscription._id, subscription.secretCipher) : '',
      body: delivery.body,
      state: delivery.state,
      active: subscription?.active === true,
    };
  }

  /** One job owns a delivery at a time (job id = delivery id), so this read-then-write has no competitor. */
  async recordAttempt(deliveryId: string, attempt: WebhookAttemptDoc, outcome?: 'DELIVERED' | 'FAILED'): Promise<void> {
    const delivery = await findByIdRaw<WebhookDeliveryDoc>(this.deliveries as never, deliveryId, { attempts: 1 });
    const attempts = [...(delivery?.attempts ?? []), attempt].slice(-MAX_LOGGED_ATTEMPTS);
    await this.deliveries.updateOne(
      { _id: deliveryId },
      {
        $set: {
          attempts,
          updatedAt: new Date(),
          ...(outcome ? { state: outcome } : {}),
          ...(outcome === 'DELIVERED' ? { deliveredAt: attempt.at } : {}),
        },
      },
    );
  }
}
