import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import { z } from '../../openapi/zod';
import {
  createSubscription,
  deleteSubscription,
  listDeliveries,
  listSubscriptions,
  redeliver,
  WEBHOOK_EVENTS,
  type WebhookAdminDeps,
} from '../../webhooks';

const SubscriptionSchema = z
  .object({
    id: z.string(),
    unitId: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('WebhookSubscription');

const DeliverySchema = z
  .object({
    id: z.string(),
    subscriptionId: z.string(),
    eventId: z.string(),
    event: z.string(),
    state: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
    attempts: z.array(
      z.object({ at: z.string(), status: z.number().int().optional(), error: z.string().optional(), durationMs: z.number() }),
    ),
    createdAt: z.string(),
    deliveredAt: z.string().optional(),
  })
  .openapi('WebhookDelivery');

const SubscriptionId = z.object({ subscriptionId: z.string().regex(/^hook_[A-Za-z0-9_-]{1,40}$/) });
const SIGNATURE_NOTE =
  'Each delivery is a POST of JSON {id, type, createdAt, data} with X-Eseal-Event, X-Eseal-Delivery, X-Eseal-Timestamp and X-Eseal-Signature: v1=HMAC-SM3(secret, timestamp + "." + body), see docs/webhooks.md.';

/** Webhook subscriptions of a unit's API clients, their delivery log and redelivery. */
export const webhookApi =
  (deps: WebhookAdminDeps): ApiModule =>
  (api) => {
    api.route({
      operation: 'webhook.manage',
      method: 'post',
      path: '/webhooks/subscriptions',
      summary: "Subscribe a receiver URL to a unit's events",
      tags: ['webhooks'],
      description: `The answer carries the signing secret, shown this once. ${SIGNATURE_NOTE} The URL must be https to a public address (WEBHOOK_ALLOW_PRIVATE_TARGETS=true admits http and private addresses, for development and tests).`,
      body: z
        .object({
          unitId: z.string().min(1).max(64).optional(),
          url: z.string().min(1).max(2048),
          events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
        })
        .strict(),
      response: { status: 201, description: 'The subscription and its secret', schema: SubscriptionSchema.extend({ secret: z.string() }) },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'WEBHOOK_URL_REFUSED'],
      handler: ({ body, req }) =>
        createSubscription(deps, getCaller(req), { url: body.url, events: body.events, ...(body.unitId ? { unitId: body.unitId } : {}) }),
    });
    api.route({
      operation: 'webhook.manage',
      method: 'get',
      path: '/webhooks/subscriptions',
      summary: "A unit's active webhook subscriptions",
      tags: ['webhooks'],
      query: z.object({ unitId: z.string().min(1).max(64).optional() }),
      response: { description: 'The subscriptions (no secrets)', schema: z.object({ subscriptions: z.array(SubscriptionSchema) }) },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED'],
      handler: async ({ query, req }) => ({ subscriptions: await listSubscriptions(deps, getCaller(req), query.unitId) }),
    });
    api.route({
      operation: 'webhook.manage',
      method: 'delete',
      path: '/webhooks/subscriptions/:subscriptionId',
      summary: 'Delete a subscription: nothing more is sent to it; its delivery log stays',
      tags: ['webhooks'],
      params: SubscriptionId,
      response: { description: 'The deleted subscription', schema: SubscriptionSchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
      handler: ({ params, req }) => deleteSubscription(deps, getCaller(req), params.subscriptionId),
    });
    api.route({
      operation: 'webhook.manage',
      method: 'get',
      path: '/webhooks/subscriptions/:subscriptionId/deliveries',
      summary: 'The delivery log of a subscription, newest first, with every attempt',
      tags: ['webhooks'],
      params: SubscriptionId,
      query: z.object({
        state: z.enum(['PENDING', 'DELIVERED', 'FAILED']).optional(),
        limit: z.coerce.number().int().min(1).max(200).optional(),
      }),
      response: { description: 'The deliveries', schema: z.object({ deliveries: z.array(DeliverySchema) }) },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
      handler: async ({ params, query, req }) => ({
        deliveries: await listDeliveries(deps, getCaller(req), params.subscriptionId, {
          ...(query.state ? { state: query.state } : {}),
          ...(query.limit ? { limit: query.limit } : {}),
        }),
      }),
    });
    api.route({
      operation: 'webhook.manage',
      method: 'post',
      path: '/webhooks/deliveries/:deliveryId/redeliver',
      summary: 'Send a delivery again (same delivery id and body, new timestamp and signature)',
      tags: ['webhooks'],
      params: z.object({ deliveryId: z.string().regex(/^whd_[0-9a-f]{40}$/) }),
      response: { status: 202, description: 'The delivery, queued again', schema: DeliverySchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
      handler: ({ params, req }) => redeliver(deps, getCaller(req), params.deliveryId),
    });
  };
