/**
 * What the worker needs to run. Deliberately its own small type, not the server's AppConfig: the
 * worker must not import server internals, and a launcher passes these fields from whatever config it has.
 */
export interface WorkerConfig {
  /** redis:// or rediss:// URL of the queue store. */
  readonly redisUrl: string;
  /** Prefix of every BullMQ key; must equal the one producers use, or jobs are never seen. */
  readonly queuePrefix: string;
  /** pino level; defaults to info. */
  readonly logLevel?: string;
}
