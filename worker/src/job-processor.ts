import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WorkerConfig } from './worker-config';

/**
 * One queue's handler. The payload check is separate from the work so an old or foreign payload is
 * rejected before any side effect, and `process` must be safe to repeat: a job can run again after
 * a crash between its effect and its completion mark.
 */
export interface JobProcessor<Data = unknown, Result = unknown> {
  /** Queue name, e.g. "anchor". One processor per queue. */
  readonly queue: string;
  /** Jobs of this queue run at once in one worker process; default 1. */
  readonly concurrency?: number;
  /**
   * How long a job stays locked to a worker that stopped renewing the lock (a killed process), and
   * how often stalled jobs are looked for; BullMQ's default is 30 s each, so about a minute passes
   * before another worker takes the job over.
   */
  readonly lockDurationMs?: number;
  /** Validates (and upgrades, for older payload versions) the job data; throwing fails the job for good. */
  parse(data: unknown): Data;
  process(data: Data, job: Job): Promise<Result>;
}

/** What processor factories get to build their dependencies from. */
export interface WorkerContext {
  readonly config: WorkerConfig;
  /** Shared non-blocking connection, for producing follow-up jobs (maxRetriesPerRequest: null). */
  readonly connection: Redis;
  readonly logger: Logger;
}

/** Builds a processor once the worker's shared resources exist. */
export type ProcessorFactory = (context: WorkerContext) => JobProcessor<any, unknown>;
