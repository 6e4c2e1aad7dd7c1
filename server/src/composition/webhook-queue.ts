import { WEBHOOK_JOB_NAME, WEBHOOK_QUEUE, type WebhookJobV1 } from '@eseal/worker';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { WebhookQueuePort } from '../webhooks';

/**
 * Producer side of the webhook queue, on the worker's contract (worker/src/webhooks/webhook-job.ts).
 * Job id = delivery id, so publishing an event again while its job exists is a no-op; the delivery's
 * stored state stops a later repeat from sending twice.
 */
export const WEBHOOK_JOB_OPTIONS = {
  attempts: 10,
  /** 2 s, 4 s, 8 s ... about 17 min for the tenth, each with up to half taken off at random. */
  backoff: { type: 'exponential' as const, delay: 2000, jitter: 0.5 },
  removeOnComplete: { count: 10_000 },
  removeOnFail: { count: 10_000 },
};

export class BullWebhookQueue implements WebhookQueuePort {
  readonly #queue: Queue;

  constructor(
    connection: Redis,
    prefix: string,
    private readonly options: Partial<typeof WEBHOOK_JOB_OPTIONS> = {},
  ) {
    this.#queue = new Queue(WEBHOOK_QUEUE, { connection, prefix });
    // A Queue re-emits its connection's errors (Redis down); unheard, each would be thrown out of the
    // event loop. Failures that matter reach the caller as rejected enqueue promises.
    this.#queue.on('error', () => undefined);
  }

  async enqueue(deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.#queue.addBulk(
      deliveryIds.map((deliveryId) => ({
        name: WEBHOOK_JOB_NAME,
        data: { v: 1, deliveryId } satisfies WebhookJobV1,
        opts: { jobId: deliveryId, ...WEBHOOK_JOB_OPTIONS, ...this.options },
      })),
    );
  }

  async redeliver(deliveryId: string): Promise<void> {
    const existing = await this.#queue.getJob(deliveryId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'failed') return void (await existing.retry('failed', { resetAttemptsMade: true }));
      if (state !== 'completed') return; // waiting, delayed or running: it will be sent
      await existing.remove();
    }
    await this.enqueue([deliveryId]);
  }

  async close(): Promise<void> {
    // BullMQ drops the connection's listeners on close: a connection still starting would then throw
    // its failure out of the event loop (a server closed moments after it started).
    await this.#queue.waitUntilReady().catch(() => undefined);
    await this.#queue.close();
  }
}
