import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { FilingQueuePort } from '../usecases/seals';

/**
 * Producer side of the worker's filing queue. The names and options mirror worker/src/filing/filing-job.ts
 * (the server cannot import the worker package); test/lifecycle/filing-contract.test.ts keeps them equal.
 */
export const FILING_QUEUE_NAME = 'filing';
export const FILING_JOB = 'file';

export interface FilingQueueOptions {
  redisUrl: string;
  prefix: string;
  /** First retry delay; doubles each attempt. */
  backoffMs?: number;
  attempts?: number;
}

export class BullFilingQueue implements FilingQueuePort {
  readonly #connection: Redis;
  readonly #queue: Queue;

  constructor(private readonly options: FilingQueueOptions) {
    // A producer never blocks, so it fails fast while Redis is down (no offline queue) instead of
    // holding the request until Redis is back: the lifecycle move is stored, and the sweep enqueues it again.
    this.#connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.#connection.on('error', () => undefined);
    this.#queue = new Queue(FILING_QUEUE_NAME, { connection: this.#connection, prefix: options.prefix });
  }

  /**
   * Queues the filing once. The sweep calls this again for every filing still PENDING: a job that
   * ran out of attempts is retried, and a finished job whose filing is still pending (its run found
   * nothing to do yet) is replaced; a waiting or running one is left alone.
   */
  async enqueue(filingId: string): Promise<void> {
    const existing = await this.#queue.getJob(filingId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'failed') {
        await existing.retry('failed');
        return;
      }
      if (state !== 'completed') return;
      await existing.remove();
    }
    await this.#queue.add(
      FILING_JOB,
      { version: 1, filingId },
      {
        jobId: filingId,
        attempts: this.options.attempts ?? 15,
        backoff: { type: 'exponential', delay: this.options.backoffMs ?? 2000 },
        removeOnComplete: 1000,
        removeOnFail: false,
      },
    );
  }

  async close(): Promise<void> {
    await this.#queue.close();
    await this.#connection.quit().catch(() => this.#connection.disconnect());
  }
}
