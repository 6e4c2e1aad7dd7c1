import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RelayQueuePort } from './ports';
import { RELAY_JOB_NAME, relayJobId, relayJobOptions, relayQueueName, type RelayRetryPolicy } from './relay-job';

/** Producer side of the relay queues, one BullMQ queue per court chain, on a shared connection. */
export class BullRelayQueue implements RelayQueuePort {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
    private readonly retry?: RelayRetryPolicy,
  ) {}

  async enqueue(adapterId: string, relayIds: readonly string[]): Promise<void> {
    const jobId = relayJobId(relayIds);
    await this.queue(adapterId).add(RELAY_JOB_NAME, { v: 2, relayIds }, relayJobOptions(jobId, this.retry));
  }

  /**
   * For an operator's retry of a dead letter: a failed job of this relay alone still holds the id
   * (kept for inspection), so it is retried in place; a finished or missing one (a relay dispatched
   * in a group has no job of its own) is queued anew, as a group of one.
   */
  async requeue(adapterId: string, relayId: string): Promise<void> {
    const existing = await this.queue(adapterId).getJob(relayId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'failed') return void (await existing.retry('failed', { resetAttemptsMade: true }));
      if (state !== 'completed') return;
      await existing.remove();
    }
    await this.enqueue(adapterId, [relayId]);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  private queue(adapterId: string): Queue {
    let queue = this.queues.get(adapterId);
    if (!queue) {
      queue = new Queue(relayQueueName(adapterId), { connection: this.connection, prefix: this.prefix });
      this.queues.set(adapterId, queue);
    }
    return queue;
  }
}
