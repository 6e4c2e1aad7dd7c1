import { CERTIFICATE_JOB_NAME, CERTIFICATE_QUEUE, certificateJobOptions, type CertificateJobV1 } from '@eseal/worker';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { CertificateQueuePort } from '../usecases/evidence/certificates';

/** Producer side of the worker's certificate queue, on its contract (worker/src/certificate/certificate-job.ts). */

export class BullCertificateQueue implements CertificateQueuePort {
  readonly #connection: Redis;
  readonly #queue: Queue;

  constructor(options: { redisUrl: string; prefix: string }) {
    // Fails fast while Redis is down: the certificate is stored PENDING, and a status read queues it again.
    this.#connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.#connection.on('error', () => undefined);
    this.#queue = new Queue(CERTIFICATE_QUEUE, { connection: this.#connection, prefix: options.prefix });
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
      CERTIFICATE_JOB_NAME,
      { version: 1, certificateNumber } satisfies CertificateJobV1,
      certificateJobOptions(certificateNumber),
    );
  }

  async close(): Promise<void> {
    await this.#queue.close();
    await this.#connection.quit().catch(() => this.#connection.disconnect());
  }
}
