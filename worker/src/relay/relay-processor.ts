import type { Job } from 'bullmq';
import type { JobProcessor, ProcessorFactory } from '../job-processor';
import type { CourtChainAdapter } from './court-chain/adapter';
import { processRelay, type RelayOutcome, type RelayRunDeps } from './relay-handler';
import { parseRelayJob, relayQueueName, type RelayJobV1 } from './relay-job';

export interface RelayLimits {
  /** Jobs of this court chain running at once in one worker process. */
  readonly concurrency: number;
  /** At most this many requests per second to this court chain, across every worker (BullMQ limiter). */
  readonly ratePerSecond: number;
}

/** One processor per court chain: its own queue, concurrency and rate limit. */
export function relayProcessors(
  deps: Omit<RelayRunDeps, 'adapters'> & { adapters: ReadonlyArray<{ adapter: CourtChainAdapter; limits: RelayLimits }> },
): ProcessorFactory[] {
  const byId = new Map(deps.adapters.map(({ adapter }) => [adapter.id, adapter]));
  return deps.adapters.map(({ adapter, limits }) => (): JobProcessor<RelayJobV1, RelayOutcome> => ({
    queue: relayQueueName(adapter.id),
    concurrency: limits.concurrency,
    limiter: { max: limits.ratePerSecond, duration: 1000 },
    parse: parseRelayJob,
    process: (data: RelayJobV1, job: Job) =>
      processRelay({ ...deps, adapters: byId }, data.relayId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
  }));
}
