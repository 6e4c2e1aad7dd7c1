import { Schema, type Connection, type Model } from 'mongoose';

export const WEBHOOK_EVENTS = ['signature.anchored', 'signature.relayed', 'certificate.ready', 'seal.revoked', 'archive.ready'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** One receiver of one unit's events (`webhook_subscriptions`). The secret is stored SM4-encrypted under a key derived from SERVER_KEK. */
export interface WebhookSubscriptionDoc {
  _id: string;
  unitId: string;
  /** The API key or account that created it. */
  owner: { id: string; kind: string };
  url: string;
  events: WebhookEventType[];
  secretCipher: string;
  active: boolean;
  createdAt: Date;
  deletedAt?: Date;
}

export interface WebhookAttemptDoc {
  at: Date;
  status?: number;
  error?: string;
  durationMs: number;
}

/**
 * One event to one subscription (`webhook_deliveries`): `_id` = `whd_` + SM3(event id, subscription
 * id), created by a unique insert, so publishing the same event twice makes one delivery. The body is
 * fixed at creation; every attempt (the delivery log) is appended by the one job that owns it.
 */
export interface WebhookDeliveryDoc {
  _id: string;
  subscriptionId: string;
  unitId: string;
  eventId: string;
  event: WebhookEventType;
  body: string;
  state: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: WebhookAttemptDoc[];
  createdAt: Date;
  deliveredAt?: Date;
  updatedAt: Date;
}

const subscriptionSchema = new Schema<WebhookSubscriptionDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    owner: { type: Schema.Types.Mixed, required: true },
    url: { type: String, required: true },
    events: { type: [String], required: true },
    secretCipher: { type: String, required: true },
    active: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    deletedAt: Date,
  },
  { versionKey: false },
);
subscriptionSchema.index({ unitId: 1, active: 1 });

const deliverySchema = new Schema<WebhookDeliveryDoc>(
  {
    _id: { type: String, required: true },
    subscriptionId: { type: String, required: true },
    unitId: { type: String, required: true },
    eventId: { type: String, required: true },
    event: { type: String, required: true },
    body: { type: String, required: true },
    state: { type: String, enum: ['PENDING', 'DELIVERED', 'FAILED'], required: true },
    attempts: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    deliveredAt: Date,
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
deliverySchema.index({ subscriptionId: 1, createdAt: -1 });

export function webhookSubscriptionModel(connection: Connection): Model<WebhookSubscriptionDoc> {
  return (
    connection.models.WebhookSubscription ??
    connection.model<WebhookSubscriptionDoc>('WebhookSubscription', subscriptionSchema, 'webhook_subscriptions')
  );
}

export function webhookDeliveryModel(connection: Connection): Model<WebhookDeliveryDoc> {
  return connection.models.WebhookDelivery ?? connection.model<WebhookDeliveryDoc>('WebhookDelivery', deliverySchema, 'webhook_deliveries');
}
