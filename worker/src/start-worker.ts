import { describeError, SealError } from '@eseal/core';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import pino, { type Logger } from 'pino';
import type { JobProcessor, ProcessorFactory } from './job-processor';
import { openQueueConnection } from './queue-connection';
import type { WorkerConfig } from './worker-config';

export interface StartWorkerOptions {
  /**
   * What this worker runs. The production list is built where the server's services are, by the
   * composition root (`composeApplication(...).processors()` in server/src/composition/application.ts).
   */
  processors: readonly ProcessorFactory[];
  logger?: Logger;
  /**
   * How long a job's lock lasts and how often stalled jobs are looked for (BullMQ default 30 s): a job
   * whose process died is taken up again after about this long.
   */
  lockDurationMs?: number;
}

export interface RunningWorker {
  /** Queue names being consumed. */
  readonly queues: readonly string[];
  /** Stops taking jobs, waits for running ones to finish, then closes Redis. Idempotent. */
  close(): Promise<void>;
}

/** Connects to Redis and starts one BullMQ worker per registered processor. */
export async function startWorker(config: WorkerConfig, options: StartWorkerOptions): Promise<RunningWorker> {
  const logger = options.logger ?? pino({ name: 'eseal-worker', level: config.logLevel ?? 'info' });
  const connection = await openQueueConnection(config.redisUrl);
  const workers: Worker[] = [];
  try {
    const processors = options.processors.map((build) => build({ config, connection, logger }));
    assertUniqueQueues(processors);
    for (const processor of processors) {
      workers.push(createBullWorker(processor, config, connection, logger.child({ queue: processor.queue }), options.lockDurationMs));
    }
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.close(true)));
    connection.disconnect();
    throw error;
  }
  logger.info({ queues: workers.map((w) => w.name) }, 'worker started');

  let closing: Promise<void> | undefined;
  return {
    queues: workers.map((worker) => worker.name),
    close() {
      closing ??= (async () => {
        // close() without force lets active jobs finish: a job cut mid-way would run again anyway,
        // but finishing it avoids repeating side effects on every deploy.
        await Promise.all(workers.map((worker) => worker.close()));
        await connection.quit().catch(() => connection.disconnect());
        logger.info('worker closed');
      })();
      return closing;
    },
  };
}

function createBullWorker(
  processor: JobProcessor,
  config: WorkerConfig,
  connection: Worker['opts']['connection'],
  logger: Logger,
  lockDurationMs?: number,
): Worker {
  const lock = processor.lockDurationMs ?? lockDurationMs;
  const worker = new Worker(
    processor.queue,
    async (job: Job) => {
      let data: unknown;
      try {
        data = processor.parse(job.data);
      } catch (error) {
        // Retrying cannot fix a payload: fail for good, keep the job for inspection.
        throw new UnrecoverableError(`invalid payload for queue ${processor.queue}: ${describeError(error)}`);
      }
      return processor.process(data, job);
    },
    {
      connection,
      prefix: config.queuePrefix,
      concurrency: processor.concurrency ?? 1,
      ...(processor.limiter ? { limiter: processor.limiter } : {}),
      // A processor's own lock duration wins over the worker-wide one.
      ...(lock ? { lockDuration: lock, stalledInterval: lock } : {}),
    },
  );
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, attempt: job?.attemptsMade, err: error }, 'job failed');
  });
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  return worker;
}

function assertUniqueQueues(processors: readonly JobProcessor[]): void {
  const seen = new Set<string>();
  for (const { queue } of processors) {
    if (seen.has(queue)) {
      throw new SealError('CONFIG_INVALID', `Two processors registered for queue "${queue}"`, { details: { queue } });
    }
    seen.add(queue);
  }
}
