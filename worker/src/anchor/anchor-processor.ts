import type { ProcessorFactory } from '../job-processor';
import { ANCHOR_QUEUE, parseAnchorJob, type AnchorJobV1 } from './anchor-job';
import { runAnchoring, type AnchorRunDeps, type AnchorRunResult } from './anchor-handler';

/**
 * Anchoring resumes this soon after the process running it was killed. The queue runs one anchor
 * job at a time across workers, so a dead worker's lock holds every anchor run back until it expires.
 * A run that misses a renewal (a stalled event loop) may overlap the next one, which is harmless:
 * both anchor the same deterministic batches, and the ledger answers a repeat with the first commit.
 */
const ANCHOR_LOCK_MS = 5_000;

/**
 * The anchor queue's processor. Concurrency 1, and one job at a time across workers (the queue's
 * global concurrency, set by the producer). The ports come from the composition root; `onRun` hears
 * each run's result (the composition root counts anchored records for /metrics).
 */
export function anchorProcessor(deps: AnchorRunDeps, options: { onRun?(result: AnchorRunResult): void } = {}): ProcessorFactory {
  return ({ logger }) => ({
    queue: ANCHOR_QUEUE,
    concurrency: 1,
    lockDurationMs: ANCHOR_LOCK_MS,
    parse: (data: unknown): AnchorJobV1 => parseAnchorJob(data),
    async process(job: AnchorJobV1): Promise<AnchorRunResult> {
      const result = await runAnchoring(deps, job.maxBatch);
      if (result.batches > 0 || result.rejected > 0) logger.info(result, 'anchoring run');
      options.onRun?.(result);
      return result;
    },
  });
}
