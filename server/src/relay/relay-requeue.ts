import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RelayRequeuePort } from './relay-admin';

/**
 * Producer side of the relay queues for the `seal relay retry` command. Names and options mirror
 * worker/src/relay/relay-job.ts (the server cannot import the worker package);
 * test/relay/relay-contract.test.ts keeps them equal.
 */
export const RELAY_JOB_NAME = 'relay';
export const relayQueueName = (adapterId: string): string => `relay-${adapterId}`;
export const RELAY_REQUEUE_OPTIONS = {
  attempts: 12,
  backoff: { type: 'exponential' as const, delay: 1000, jitter: 0.5 },
  removeOnComplete: { count: 10_000 },
  removeOnFail: false,
};

export class BullRelayRequeue implements RelayRequeuePort {
  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  /** A failed job (a dead letter keeps its job) is retried in place; a finished or lost one is queued anew. */
  async requeue(adapterId: string, relayId: string): Promise<void> {
    const queue = new Queue(relayQueueName(adapterId), { connection: this.connection, prefix: this.prefix });
    try {
      const existing = await queue.getJob(relayId);
      if (existing) {
        const state = await existing.getState();
        if (state === 'failed') return void (await existing.retry('failed', { resetAttemptsMade: true }));
        if (state !== 'completed') return;
        await existing.remove();
      }
      await queue.add(RELAY_JOB_NAME, { v: 1, relayId }, { jobId: relayId, ...RELAY_REQUEUE_OPTIONS });
    } finally {
      await queue.close();
    }
  }
}
