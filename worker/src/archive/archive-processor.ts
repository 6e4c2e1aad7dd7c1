import { describeError } from '@eseal/core';
import type { Job } from 'bullmq';
import type { JobProcessor, ProcessorFactory } from '../job-processor';
import { ARCHIVE_QUEUE, parseArchiveJob, type ArchiveJobV1 } from './archive-job';
import type { ArchivePorts, ProducedArchive } from './ports';

/**
 * Packages one document for archiving (归档). A run before the document's evidence is complete fails,
 * is recorded on the archive and retried by BullMQ; the last attempt marks it FAILED. The ready hook
 * runs after the package is stored, so whoever it tells can download it at once.
 */
export async function processArchive(
  ports: ArchivePorts,
  job: ArchiveJobV1,
  attempt: { made: number; allowed: number },
): Promise<ProducedArchive> {
  let produced: ProducedArchive;
  try {
    produced = await ports.producer.produce(job.archiveId);
  } catch (error) {
    await ports.producer.recordFailure(job.archiveId, describeError(error), attempt.made + 1 >= attempt.allowed).catch(() => undefined);
    throw error;
  }
  if (produced.outcome === 'PACKAGED') {
    await ports.onArchiveReady?.({ archiveId: produced.archiveId, unitId: produced.unitId, packageSm3: produced.packageSm3 });
  }
  return produced;
}

/** The archive processor for startWorker, bound to the producer the launcher built. */
export function archiveProcessor(ports: ArchivePorts, options: { concurrency?: number } = {}): ProcessorFactory {
  return (): JobProcessor<ArchiveJobV1, ProducedArchive> => ({
    queue: ARCHIVE_QUEUE,
    // Verifying and packaging a document is CPU work on the worker's event loop: one at a time.
    concurrency: options.concurrency ?? 1,
    parse: parseArchiveJob,
    process: (data, job: Job) => processArchive(ports, data, { made: job.attemptsMade, allowed: job.opts.attempts ?? 1 }),
  });
}
