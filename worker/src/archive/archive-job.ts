/** The archive queue's contract, shared by the producer (server/src/composition/archive-queue.ts) and this processor. */
export const ARCHIVE_QUEUE = 'archive';
export const ARCHIVE_JOB_NAME = 'package';

/** Version 1 carries only the archive id (the archived document's SM3): what to package is read from the store. */
export interface ArchiveJobV1 {
  readonly version: 1;
  readonly archiveId: string;
}

const ARCHIVE_ID = /^[0-9a-f]{64}$/;

export function parseArchiveJob(data: unknown): ArchiveJobV1 {
  if (typeof data !== 'object' || data === null) throw new Error('archive job data must be an object');
  const { version, archiveId } = data as Record<string, unknown>;
  if (version !== 1) throw new Error(`unsupported archive job version ${String(version)}`);
  if (typeof archiveId !== 'string' || !ARCHIVE_ID.test(archiveId)) throw new Error('archiveId must be 64 lower-case hex digits (an SM3)');
  return { version, archiveId };
}

/**
 * Job options: the job id is the archive id (one job per document version while BullMQ holds it).
 * Retries back off from 2 s, doubling, over about seventeen minutes: the evidence of a fresh signature
 * (its anchoring, then the court chains' receipts) is the usual reason a run cannot finish yet.
 */
export function archiveJobOptions(archiveId: string) {
  return {
    jobId: archiveId,
    attempts: 10,
    backoff: { type: 'exponential' as const, delay: 2000 },
    removeOnComplete: 1000,
    removeOnFail: false,
  };
}
