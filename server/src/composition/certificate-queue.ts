import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { CertificateQueuePort } from '../usecases/evidence/certificates';

/**
 * Producer side of the worker's certificate queue. The names and options mirror
 * worker/src/certificate/certificate-job.ts (the server cannot import the worker package);
 * test/evidence/evidence-certificate.test.ts keeps them equal.
 */
export const CERTIFICATE_QUEUE_NAME = 'certificate';
export const CERTIFICATE_JOB = 'issue';

export class BullCertificateQueue implements CertificateQueuePort {
  readonly #connection: Redis;
  readonly #queue: Queue;

  constructor(options: { redisUrl: string; prefix: string }) {
    // Fails fast while Redis is down: the certificate is stored PENDING, and a status read queues it again.
    this.#connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.#connection.on('error', () => undefined);
    this.#queue = new Queue(CERTIFICATE_QUEUE_NAME, { connection: this.#connection, prefix: options.prefix });
  }

  /** Queues the certificate once (the job id is its number); a job that ran out of attempts is retried. */
  async enqueue(certificateNumber: string): Promise<void> {
    const existing = await this.#queue.getJob(certificateNumber);
    if (existing) {
      const state = await existing.getState();
      if (state === 'failed') await existing.retry('failed');
      if (state !== 'completed') return;
      await existing.remove();
    }
    await this.#queue.add(
      CERTIFICATE_JOB,
      { version: 1, certificateNumber },
      { jobId: certificateNumber, attempts: 8, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: false },
    );
  }

  async close(): Promise<void> {
    await this.#queue.close();
    await this.#connection.quit().catch(() => this.#connection.disconnect());
  }
}
