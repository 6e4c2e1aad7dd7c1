import { ARCHIVE_JOB_NAME, ARCHIVE_QUEUE, archiveJobOptions } from '@eseal/worker';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { ArchiveQueuePort } from '../usecases/archive';

/** Producer side of the worker's archive queue: names, payload and options come from worker/src/archive/archive-job.ts. */
export class BullArchiveQueue implements ArchiveQueuePort {
  readonly #connection: Redis;
  readonly #queue: Queue;

  constructor(options: { redisUrl: string; prefix: string }) {
    // Fails fast while Redis is down: the archive is stored PENDING, and a status read queues it again.
    this.#connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.#connection.on('error', () => undefined);
    this.#queue = new Queue(ARCHIVE_QUEUE, { connection: this.#connection, prefix: options.prefix });
  }

  /** Queues the archive once (the job id is the archive id); a job that ran out of attempts is retried. */
  async enqueue(archiveId: string): Promise<void> {
    const existing = await this.#queue.getJob(archiveId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'failed') await existing.retry('failed');
      if (state !== 'completed') return;
      await existing.remove();
    }
    await this.#queue.add(ARCHIVE_JOB_NAME, { version: 1, archiveId }, archiveJobOptions(archiveId));
  }

  async close(): Promise<void> {
    await this.#queue.close();
    await this.#connection.quit().catch(() => this.#connection.disconnect());
  }
}
