import { describeError } from '@eseal/core';
import type { Job } from 'bullmq';
import type { JobProcessor, ProcessorFactory } from '../job-processor';
import { CERTIFICATE_QUEUE, parseCertificateJob, type CertificateJobV1 } from './certificate-job';
import type { CertificatePorts, ProducedCertificate } from './ports';

/**
 * Issues one certificate (出证). A failure is recorded on the certificate and retried by BullMQ; the
 * last attempt marks it FAILED. The ready hook runs after the certificate is stored, so whoever it
 * tells can download it at once.
 */
export async function processCertificate(
  ports: CertificatePorts,
  job: CertificateJobV1,
  attempt: { made: number; allowed: number },
): Promise<ProducedCertificate> {
  let produced: ProducedCertificate;
  try {
    produced = await ports.producer.produce(job.certificateNumber);
  } catch (error) {
    await ports.producer
      .recordFailure(job.certificateNumber, describeError(error), attempt.made + 1 >= attempt.allowed)
      .catch(() => undefined);
    throw error;
  }
  if (produced.outcome === 'ISSUED') {
    await ports.onCertificateReady?.({
      certificateNumber: produced.certificateNumber,
      unitId: produced.unitId,
      certificateSm3: produced.certificateSm3,
    });
  }
  return produced;
}

/** The certificate processor for startWorker, bound to the producer the launcher built. */
export function certificateProcessor(ports: CertificatePorts, options: { concurrency?: number } = {}): ProcessorFactory {
  return (): JobProcessor<CertificateJobV1, ProducedCertificate> => ({
    queue: CERTIFICATE_QUEUE,
    // Typesetting and sealing are CPU work on the worker's event loop: two at a time keep it responsive.
    concurrency: options.concurrency ?? 2,
    parse: parseCertificateJob,
    process: (data, job: Job) => processCertificate(ports, data, { made: job.attemptsMade, allowed: job.opts.attempts ?? 1 }),
  });
}
