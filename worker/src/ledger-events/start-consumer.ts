import pino, { type Logger } from 'pino';
import { openQueueConnection } from '../queue-connection';
import type { WorkerConfig } from '../worker-config';
import { startLedgerEventConsumer, type LedgerEventConsumerOptions, type RunningLedgerEventConsumer } from './consumer';
import type { LedgerEventPorts } from './ports';
import { RedisCheckpointStore } from './redis-checkpoint-store';

export interface StartLedgerEventsOptions extends Omit<LedgerEventConsumerOptions, 'checkpoints' | 'logger'> {
  logger?: Logger;
  /** Names the checkpoint: two consumers with different names each see every event. */
  consumerName?: string;
}

/**
 * The launcher's entry point: the consumer with its checkpoint in the queue store (Redis, under the
 * queue prefix). Fails start-up with DEPENDENCY_UNAVAILABLE when Redis does not answer, like the worker.
 */
export async function startLedgerEvents(
  config: WorkerConfig,
  ports: LedgerEventPorts,
  options: StartLedgerEventsOptions = {},
): Promise<RunningLedgerEventConsumer> {
  const logger = options.logger ?? pino({ name: 'eseal-ledger-events', level: config.logLevel ?? 'info' });
  const redis = await openQueueConnection(config.redisUrl);
  const consumer = startLedgerEventConsumer(ports, {
    ...options,
    logger,
    checkpoints: new RedisCheckpointStore(redis, config.queuePrefix, options.consumerName),
  });
  let closing: Promise<void> | undefined;
  return {
    close() {
      // The consumer first: its last checkpoint write needs the connection.
      closing ??= consumer.close().finally(() =>
        redis.quit().then(
          () => undefined,
          () => redis.disconnect(),
        ),
      );
      return closing;
    },
  };
}
