import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisCheckpointStore } from './redis-checkpoint-store';

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest global setup (test/support) must start Redis');
  return url;
}

describe('RedisCheckpointStore', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl());
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('keeps one checkpoint per prefix and consumer name, and refuses an unreadable one', async () => {
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const store = new RedisCheckpointStore(redis, prefix);
    expect(await store.load()).toBeUndefined();
    await store.save({ blockNumber: 12, transactionId: 'abc' });
    expect(await new RedisCheckpointStore(redis, prefix).load()).toEqual({ blockNumber: 12, transactionId: 'abc' });
    expect(await new RedisCheckpointStore(redis, prefix, 'other').load()).toBeUndefined();

    await redis.set(`${prefix}:ledger-events:checkpoint:default`, JSON.stringify({ blockNumber: -1 }));
    await expect(store.load()).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(/unreadable ledger event checkpoint/),
    });
    await redis.set(`${prefix}:ledger-events:checkpoint:default`, 'not json');
    await expect(store.load()).rejects.toMatchObject({ code: 'INTERNAL' });
    await redis.del(`${prefix}:ledger-events:checkpoint:default`);
  });
});
