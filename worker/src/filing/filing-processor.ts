import { UnrecoverableError } from 'bullmq';
import { describeError } from '@eseal/core';
import type { JobProcessor, ProcessorFactory } from '../job-processor';
import { FILING_QUEUE, parseFilingJob, type FilingJobV1 } from './filing-job';
import type { FilingPorts } from './ports';

export type FilingOutcome = 'ACKNOWLEDGED' | 'ALREADY_ACKNOWLEDGED' | 'ALREADY_FAILED' | 'MISSING';

/** Retryable: an earlier filing of the same seal is still on its way (public security needs them in order). */
export class FilingNotYetDueError extends Error {
  override readonly name = 'FilingNotYetDueError';
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Files one seal record with public security. Idempotent steps: an acknowledged filing is not sent
 * again; the filing id makes a resend after a lost answer return the first acknowledgement.
 * UPSTREAM_REJECTED is a business refusal: recorded as FAILED and not retried.
 */
export async function processFiling(ports: FilingPorts, job: FilingJobV1): Promise<FilingOutcome> {
  const filing = await ports.store.loadFiling(job.filingId);
  if (filing === undefined) return 'MISSING';
  if (filing.state === 'ACKED') return 'ALREADY_ACKNOWLEDGED';
  if (filing.state === 'FAILED') return 'ALREADY_FAILED';
  if (filing.waitingForEarlier) throw new FilingNotYetDueError(`filing ${job.filingId} waits for an earlier filing of its seal`);
  let ack;
  try {
    ack = await ports.filingSystem.file(filing.record);
  } catch (error) {
    if (codeOf(error) === 'UPSTREAM_REJECTED') {
      await ports.store.markFailed(job.filingId, describeError(error));
      throw new UnrecoverableError(`filing ${job.filingId} rejected: ${describeError(error)}`);
    }
    await ports.store.recordAttemptFailure(job.filingId, describeError(error));
    throw error;
  }
  await ports.store.markAcknowledged(job.filingId, ack);
  return 'ACKNOWLEDGED';
}

/** The filing processor for startWorker, bound to the ports the composition root built. */
export function filingProcessor(ports: FilingPorts, options: { concurrency?: number } = {}): ProcessorFactory {
  return (): JobProcessor<FilingJobV1, FilingOutcome> => ({
    queue: FILING_QUEUE,
    concurrency: options.concurrency ?? 4,
    parse: parseFilingJob,
    process: (data) => processFiling(ports, data),
  });
}
