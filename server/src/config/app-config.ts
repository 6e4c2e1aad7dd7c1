import type { Secret } from './secret';
import type { LEDGER_KINDS, LOG_LEVELS } from './env-schema';

export type LedgerKind = (typeof LEDGER_KINDS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The server's whole configuration, read once at start-up by `loadConfig`. See ./README.md. */
export interface AppConfig {
  /** TCP port to listen on; 0 picks a free one (tests). */
  readonly port: number;
  /** Interface to bind; loopback by default so a dev server is not exposed by accident. */
  readonly host: string;
  readonly mongodbUri: string;
  readonly redisUrl: string;
  /** Directory for local state: embedded ledger blocks, the dev key file. */
  readonly dataDir: string;
  readonly ledger: LedgerKind;
  readonly logLevel: LogLevel;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number;
  /** Key-encryption key (32 bytes) wrapping stored seal keys; derive per-purpose keys from it. */
  readonly serverKek: Secret;
  /** Prefix of every BullMQ key, so several deployments can share one Redis. */
  readonly queuePrefix: string;
}
