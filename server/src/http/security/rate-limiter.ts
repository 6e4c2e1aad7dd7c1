import { SealError } from '@eseal/core';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import type { SecurityRedisKeys } from '../../auth/redis-keys';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in Redis, shared by every server copy: INCR the window's key, set its expiry
 * on first use. Over the limit: 429 RATE_LIMITED with Retry-After until the window ends. Fixed windows
 * allow a burst of twice the limit across a boundary; for abuse control that is fine and costs one
 * round trip.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SecurityRedisKeys,
    private readonly now: () => number = Date.now,
  ) {}

  async consume(bucket: string, subject: string, rule: RateLimit, res?: Response): Promise<void> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const window = Math.floor(nowSeconds / rule.windowSeconds);
    const key = this.keys.rateWindow(bucket, subject, window);
    let count: number;
    try {
      const results = await this.redis
        .multi()
        .incr(key)
        .expire(key, rule.windowSeconds + 1)
        .exec();
      count = Number(results?.[0]?.[1] ?? 0);
    } catch (error) {
      // Fail closed: without the counter we cannot tell a flood from normal traffic.
      throw new SealError('DEPENDENCY_UNAVAILABLE', 'rate limiting is unavailable', { details: { dependency: 'redis' }, cause: error });
    }
    if (count > rule.limit) {
      const retryAfter = (window + 1) * rule.windowSeconds - nowSeconds;
      res?.setHeader('Retry-After', String(Math.max(1, retryAfter)));
      throw new SealError('RATE_LIMITED', `too many requests; retry in ${retryAfter} s`, {
        details: { bucket, limit: rule.limit, windowSeconds: rule.windowSeconds, retryAfterSeconds: Math.max(1, retryAfter) },
      });
    }
  }
}
