/** The filing queue's contract, shared by the producer (server) and this processor. */
export const FILING_QUEUE = 'filing';
export const FILING_JOB_NAME = 'file';

/** Version 1 carries only the filing id: the record itself is read from the store, never from Redis. */
export interface FilingJobV1 {
  readonly version: 1;
  readonly filingId: string;
}

const FILING_ID = /^[A-Za-z0-9_-]{8,64}$/;

export function parseFilingJob(data: unknown): FilingJobV1 {
  if (typeof data !== 'object' || data === null) throw new Error('filing job data must be an object');
  const { version, filingId } = data as Record<string, unknown>;
  if (version !== 1) throw new Error(`unsupported filing job version ${String(version)}`);
  if (typeof filingId !== 'string' || !FILING_ID.test(filingId)) throw new Error('filingId must be 8-64 of [A-Za-z0-9_-]');
  return { version, filingId };
}

/**
 * Job options: the job id is the filing id, so enqueuing the same filing twice is one job; retries
 * back off exponentially (2 s, 4 s, 8 s, ... about 9 hours in all) until public security answers.
 */
export function filingJobOptions(filingId: string, backoffMs = 2000, attempts = 15) {
  return {
    jobId: filingId,
    attempts,
    backoff: { type: 'exponential' as const, delay: backoffMs },
    removeOnComplete: 1000,
    removeOnFail: false,
  };
}
