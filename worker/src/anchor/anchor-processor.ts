import type { ProcessorFactory } from '../job-processor';
import { ANCHOR_QUEUE, parseAnchorJob, type AnchorJobV1 } from './anchor-job';
import { runAnchoring, type AnchorRunDeps, type AnchorRunResult } from './anchor-handler';

/**
 * The anchor queue's processor. Concurrency 1: runs never overlap inside a worker, and claims keep
 * two workers apart. The ports come from the composition root; `onRun` hears each run's result
 * (the launcher counts anchored records for /metrics).
 */
export function anchorProcessor(deps: AnchorRunDeps, options: { onRun?(result: AnchorRunResult): void } = {}): ProcessorFactory {
  return ({ logger }) => ({
    queue: ANCHOR_QUEUE,
    concurrency: 1,
    parse: (data: unknown): AnchorJobV1 => parseAnchorJob(data),
    async process(job: AnchorJobV1): Promise<AnchorRunResult> {
      const result = await runAnchoring(deps, job.maxBatch);
      if (result.batches > 0 || result.rejected > 0) logger.info(result, 'anchoring run');
      options.onRun?.(result);
      return result;
    },
  });
}
