import { SealError } from '@eseal/core';
import type { Redis } from 'ioredis';
import type { SecurityRedisKeys } from './redis-keys';

export interface LockoutSettings {
  /** Failed attempts allowed within the window; the next one locks. */
  maxFailures: number;
  windowSeconds: number;
}

/**
 * DECR only while the count is above zero: the key may have been reset (a right password elsewhere) or
 * expired since this attempt counted itself, and a plain DECR would leave -1, one extra guess, with
 * no time to live.
 */
const GIVE_BACK_ONE = `local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

export const DEFAULT_LOCKOUT: LockoutSettings = { maxFailures: 5, windowSeconds: 15 * 60 };

/**
 * Counts password attempts per username in Redis, shared by every server copy: sign-in and password
 * change alike, so a stolen session cannot guess the password through the change form. After
 * `maxFailures` in the window the account is locked until the window ends, even for the right
 * password: online guessing gets a handful of tries per quarter hour. Unknown usernames are counted
 * too, so locking does not reveal which names exist.
 *
 * Each attempt is counted (INCR) before its password is checked, not after: a check followed by a
 * count would let a hundred guesses sent at once all pass the check. A right password is accepted
 * only if, once checked, the count has not gone past the limit meanwhile. A check that fails
 * without a verdict (the store is down) does not count.
 */
export class LoginLockout {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SecurityRedisKeys,
    private readonly settings: LockoutSettings = DEFAULT_LOCKOUT,
  ) {}

  /**
   * Runs `check` as one counted attempt. True: the password was right (the count starts over);
   * false: wrong, and counted. ACCOUNT_LOCKED when the budget is spent, before or during the check.
   */
  async attempt(username: string, check: () => Promise<boolean>): Promise<boolean> {
    const key = this.keys.loginFailures(username);
    // The window starts with the first attempt; later attempts do not extend it.
    const replies = await this.redis.multi().incr(key).expire(key, this.settings.windowSeconds, 'NX').exec();
    const count = Number(replies?.[0]?.[1] ?? Number.POSITIVE_INFINITY);
    if (count > this.settings.maxFailures) throw await this.locked(key);
    let right: boolean;
    try {
      right = await check();
    } catch (error) {
      // No verdict (the record store was unreachable): the attempt judged nothing and told the
      // caller nothing, so it is given back. Otherwise an owner retrying through a store outage
      // locks their own account for the whole window (found by the soak run: every signing after
      // a FerretDB restart refused ACCOUNT_LOCKED).
      await this.redis.eval(GIVE_BACK_ONE, 1, key).catch(() => undefined);
      throw error;
    }
    if (!right) return false;
    if (Number((await this.redis.get(key)) ?? 0) > this.settings.maxFailures) throw await this.locked(key);
    await this.redis.del(key);
    return true;
  }

  private async locked(key: string): Promise<SealError> {
    const ttl = await this.redis.ttl(key);
    return new SealError('ACCOUNT_LOCKED', 'too many failed password attempts; try again later', {
      details: { retryAfterSeconds: Math.max(1, ttl) },
    });
  }
}
