import { SealError } from '@eseal/core';
import type { Model } from 'mongoose';
import { assertAllowed, type Caller } from '../access';
import { newId } from '../store';
import { assertWebhookUrlAllowed, type WebhookUrlPolicy } from './url-policy';
import type { WebhookDeliveryDoc, WebhookEventType, WebhookSubscriptionDoc } from './webhook.model';
import type { WebhookQueuePort } from './webhook-queue';
import type { WebhookSecrets } from './webhook-secrets';

export interface WebhookAdminDeps {
  subscriptions: Model<WebhookSubscriptionDoc>;
  deliveries: Model<WebhookDeliveryDoc>;
  secrets: WebhookSecrets;
  queue: WebhookQueuePort;
  policy: WebhookUrlPolicy;
  clock: () => Date;
}

export interface SubscriptionView {
  id: string;
  unitId: string;
  url: string;
  events: WebhookEventType[];
  active: boolean;
  createdAt: string;
}

/** A unit has few receivers; more is a leak or a misuse. */
export const MAX_SUBSCRIPTIONS_PER_UNIT = 20;

const view = (s: WebhookSubscriptionDoc): SubscriptionView => ({
  id: s._id,
  unitId: s.unitId,
  url: s.url,
  events: s.events,
  active: s.active,
  createdAt: new Date(s.createdAt).toISOString(),
});

/** The unit a subscription is for: the caller's own, or for an API key of several units the one it names. */
function unitOf(caller: Caller, unitId: string | undefined): string {
  const own = caller.kind === 'api-client' ? (caller.unitIds ?? []) : caller.unitId ? [caller.unitId] : [];
  const chosen = unitId ?? (own.length === 1 ? own[0] : undefined);
  if (chosen === undefined) throw new SealError('VALIDATION_FAILED', 'name the unit (unitId) the subscription is for');
  return chosen;
}

export async function createSubscription(
  deps: WebhookAdminDeps,
  caller: Caller,
  input: { unitId?: string; url: string; events: WebhookEventType[] },
): Promise<SubscriptionView & { secret: string }> {
  const unitId = unitOf(caller, input.unitId);
  assertAllowed(caller, 'webhook.manage', { unitId });
  const url = await assertWebhookUrlAllowed(input.url, deps.policy);
  if ((await deps.subscriptions.countDocuments({ unitId, active: true })) >= MAX_SUBSCRIPTIONS_PER_UNIT) {
    throw new SealError('VALIDATION_FAILED', `a unit has at most ${MAX_SUBSCRIPTIONS_PER_UNIT} webhook subscriptions`);
  }
  const id = newId('hook');
  const secret = deps.secrets.generate();
  const doc: WebhookSubscriptionDoc = {
    _id: id,
    unitId,
    owner: { id: caller.id, kind: caller.kind },
    url,
    events: [...new Set(input.events)],
    secretCipher: deps.secrets.seal(id, secret),
    active: true,
    createdAt: deps.clock(),
  };
  await deps.subscriptions.create(doc);
  return { ...view(doc), secret };
}

async function loadSubscription(
  deps: Pick<WebhookAdminDeps, 'subscriptions'>,
  caller: Caller,
  id: string,
): Promise<WebhookSubscriptionDoc> {
  const s = await deps.subscriptions.findById(id).lean<WebhookSubscriptionDoc>();
  if (!s) throw new SealError('NOT_FOUND', 'no such webhook subscription', { details: { subscriptionId: id } });
  assertAllowed(caller, 'webhook.manage', { unitId: s.unitId });
  return s;
}

export async function listSubscriptions(
  deps: Pick<WebhookAdminDeps, 'subscriptions'>,
  caller: Caller,
  unitId?: string,
): Promise<SubscriptionView[]> {
  const unit = unitOf(caller, unitId);
  assertAllowed(caller, 'webhook.manage', { unitId: unit });
  const docs = await deps.subscriptions.find({ unitId: unit, active: true }).sort({ createdAt: 1 }).lean<WebhookSubscriptionDoc[]>();
  return docs.map(view);
}

/** Stops deliveries (queued ones too: the worker skips an inactive subscription); the log stays. */
export async function deleteSubscription(deps: WebhookAdminDeps, caller: Caller, id: string): Promise<SubscriptionView> {
  const s = await loadSubscription(deps, caller, id);
  await deps.subscriptions.updateOne({ _id: id }, { $set: { active: false, deletedAt: deps.clock() } });
  return { ...view(s), active: false };
}

export interface DeliveryView {
  id: string;
  subscriptionId: string;
  eventId: string;
  event: string;
  state: WebhookDeliveryDoc['state'];
  attempts: Array<{ at: string; status?: number; error?: string; durationMs: number }>;
  createdAt: string;
  deliveredAt?: string;
}

const deliveryView = (d: WebhookDeliveryDoc): DeliveryView => ({
  id: d._id,
  subscriptionId: d.subscriptionId,
  eventId: d.eventId,
  event: d.event,
  state: d.state,
  attempts: d.attempts.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
  createdAt: new Date(d.createdAt).toISOString(),
  ...(d.deliveredAt ? { deliveredAt: new Date(d.deliveredAt).toISOString() } : {}),
});

export const MAX_DELIVERIES_LISTED = 200;

/** The delivery log of a subscription, newest first. */
export async function listDeliveries(
  deps: Pick<WebhookAdminDeps, 'subscriptions' | 'deliveries'>,
  caller: Caller,
  subscriptionId: string,
  options: { state?: WebhookDeliveryDoc['state']; limit?: number } = {},
): Promise<DeliveryView[]> {
  await loadSubscription(deps, caller, subscriptionId);
  const docs = await deps.deliveries
    .find({ subscriptionId, ...(options.state ? { state: options.state } : {}) })
    .sort({ createdAt: -1, _id: -1 })
    .limit(Math.min(Math.max(options.limit ?? 50, 1), MAX_DELIVERIES_LISTED))
    .lean<WebhookDeliveryDoc[]>();
  return docs.map(deliveryView);
}

/** Sends a delivery again (same id and body, so a receiver that already has it sees a repeat). */
export async function redeliver(deps: WebhookAdminDeps, caller: Caller, deliveryId: string): Promise<DeliveryView> {
  const d = await deps.deliveries.findById(deliveryId).lean<WebhookDeliveryDoc>();
  if (!d) throw new SealError('NOT_FOUND', 'no such webhook delivery', { details: { deliveryId } });
  const s = await loadSubscription(deps, caller, d.subscriptionId);
  if (!s.active) throw new SealError('NOT_FOUND', 'the subscription was deleted', { details: { deliveryId } });
  await deps.deliveries.updateOne({ _id: deliveryId }, { $set: { state: 'PENDING', updatedAt: deps.clock() } });
  await deps.queue.redeliver(deliveryId);
  return deliveryView({ ...d, state: 'PENDING' });
}
