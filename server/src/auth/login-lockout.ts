import { SealError } from '@eseal/core';
import type { Redis } from 'ioredis';
import type { SecurityRedisKeys } from './redis-keys';

export interface LockoutSettings {
  /** Failed attempts allowed within the window; the next one locks. */
  maxFailures: number;
  windowSeconds: number;
}

export const DEFAULT_LOCKOUT: LockoutSettings = { maxFailures: 5, windowSeconds: 15 * 60 };

/**
 * Counts failed sign-ins per username in Redis, shared by every server copy. After `maxFailures` in the
 * window the account is locked until the window ends, even for the right password: online guessing
 * gets a handful of tries per quarter hour. Unknown usernames are counted too, so locking does not
 * reveal which names exist.
 */
export class LoginLockout {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SecurityRedisKeys,
    private readonly settings: LockoutSettings = DEFAULT_LOCKOUT,
  ) {}

  async assertNotLocked(username: string): Promise<void> {
    const key = this.keys.loginFailures(username);
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]);
    if (Number(count ?? 0) >= this.settings.maxFailures) {
      throw new SealError('ACCOUNT_LOCKED', 'too many failed sign-ins; try again later', {
        details: { retryAfterSeconds: Math.max(1, ttl) },
      });
    }
  }

  async recordFailure(username: string): Promise<void> {
    const key = this.keys.loginFailures(username);
    // The window starts with the first failure; later failures do not extend it.
    await this.redis.multi().incr(key).expire(key, this.settings.windowSeconds, 'NX').exec();
  }

  async reset(username: string): Promise<void> {
    await this.redis.del(this.keys.loginFailures(username));
  }
}
