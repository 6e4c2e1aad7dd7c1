import { FILING_JOB_NAME, FILING_QUEUE, filingJobOptions, type FilingJobV1 } from '@eseal/worker';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { FilingQueuePort } from '../usecases/seals';

export interface FilingQueueOptions {
  redisUrl: string;
  prefix: string;
  /** First retry delay; doubles each attempt. */
  backoffMs?: number;
  attempts?: number;
}

/** Producer side of the worker's filing queue: names, payload and job options are the worker's (worker/src/filing/filing-job.ts). */
export class BullFilingQueue implements FilingQueuePort {
  readonly #connection: Redis;
  readonly #queue: Queue;

  constructor(private readonly options: FilingQueueOptions) {
    // A producer never blocks, so it fails fast while Redis is down (no offline queue) instead of
    // holding the request until Redis is back: the lifecycle move is stored, and the sweep enqueues it again.
    this.#connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.#connection.on('error', () => undefined);
    this.#queue = new Queue(FILING_QUEUE, { connection: this.#connection, prefix: options.prefix });
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
    const job: FilingJobV1 = { version: 1, filingId };
    await this.#queue.add(FILING_JOB_NAME, job, filingJobOptions(filingId, this.options.backoffMs, this.options.attempts));
  }

  /** Jobs by state, for /metrics. */
  jobCounts(): Promise<Record<string, number>> {
    return this.#queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  }

  async close(): Promise<void> {
    await this.#queue.close();
    await this.#connection.quit().catch(() => this.#connection.disconnect());
  }
}
