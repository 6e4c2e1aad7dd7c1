import { SealError } from '@eseal/core';
import type { Redis } from 'ioredis';
import type { CheckpointStorePort, LedgerEventCursor } from './ports';

/**
 * The consumer's checkpoint in Redis, next to the queues it feeds (same prefix, same persistence:
 * production Redis runs with AOF and noeviction). Losing it is safe, only slow: the consumer then
 * replays from its initial cursor and the idempotent handlers find nothing left to do.
 */
export class RedisCheckpointStore implements CheckpointStorePort {
  readonly #key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    consumerName = 'default',
  ) {
    this.#key = `${prefix}:ledger-events:checkpoint:${consumerName}`;
  }

  async load(): Promise<LedgerEventCursor | undefined> {
    const raw = await this.redis.get(this.#key);
    if (raw === null) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const { blockNumber, transactionId } = (parsed ?? {}) as Record<string, unknown>;
    // A checkpoint we cannot read must stop the consumer, not silently restart it from the beginning
    // or (worse) from "now", which would skip every event in between.
    if (typeof blockNumber !== 'number' || !Number.isInteger(blockNumber) || blockNumber < 0 || typeof transactionId !== 'string') {
      throw new SealError('INTERNAL', 'unreadable ledger event checkpoint', { details: { key: this.#key } });
    }
    return { blockNumber, transactionId };
  }

  async save(cursor: Required<LedgerEventCursor>): Promise<void> {
    await this.redis.set(this.#key, JSON.stringify({ blockNumber: cursor.blockNumber, transactionId: cursor.transactionId }));
  }
}
