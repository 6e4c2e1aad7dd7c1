import type { Job } from 'bullmq';
import type { JobProcessor, ProcessorFactory } from '../job-processor';
import type { CourtChainAdapter } from './court-chain/adapter';
import { processRelays, settleRelayJob, type RelayOutcome, type RelayRunDeps } from './relay-handler';
import { parseRelayJob, relayQueueName, type RelayJobV2 } from './relay-job';

export interface RelayLimits {
  /** Jobs (groups of relays) of this court chain running at once in one worker process. */
  readonly concurrency: number;
  /** At most this many jobs per second to this court chain, across every worker (BullMQ limiter). */
  readonly ratePerSecond: number;
}

/** One processor per court chain: its own queue, concurrency and rate limit. */
export function relayProcessors(
  deps: Omit<RelayRunDeps, 'adapters'> & { adapters: ReadonlyArray<{ adapter: CourtChainAdapter; limits: RelayLimits }> },
): ProcessorFactory[] {
  const byId = new Map(deps.adapters.map(({ adapter }) => [adapter.id, adapter]));
  return deps.adapters.map(({ adapter, limits }) => (): JobProcessor<RelayJobV2, Record<RelayOutcome, number>> => ({
    queue: relayQueueName(adapter.id),
    concurrency: limits.concurrency,
    limiter: { max: limits.ratePerSecond, duration: 1000 },
    parse: parseRelayJob,
    process: async (data: RelayJobV2, job: Job) =>
      settleRelayJob(
        await processRelays(
          { ...deps, adapters: byId },
          data.relayIds,
          job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
          data.relayIds.length > 1 && job.attemptsMade === 0 ? job.id : undefined,
        ),
      ),
  }));
}
