/**
 * Attack: keep a session alive through the password change meant to end it. The change voids every
 * token issued before it; with whole seconds, a token issued earlier in the same second survived
 * (seen as a flaky browser-session test: the old cookie still answered 200 after the change).
 */
import { randomBytes } from 'node:crypto';
import { SessionTokens } from '../../server/src/auth/session-token';
import { SecurityRedisKeys } from '../../server/src/auth/redis-keys';
import { connectSuiteRedis } from '../support/env';

describe('a password change ends the sessions issued before it', () => {
  it('voids a token issued earlier in the same second, and not one issued after the change', async () => {
    const { redis, prefix, cleanup } = await connectSuiteRedis(`session-epoch-${process.pid}`);
    try {
      const clock = { ms: 1_800_000_000_100 };
      const tokens = new SessionTokens(randomBytes(32), redis, new SecurityRedisKeys(prefix), undefined, () => clock.ms);
      const subject = { accountId: 'acct_epoch', roles: ['AUDITOR' as const] };
      const stolen = tokens.issuePair(subject);
      clock.ms += 700; // the owner changes the password in the same second
      await tokens.revokeAllFor('acct_epoch');
      clock.ms += 1;
      const fresh = tokens.issuePair(subject);

      await expect(tokens.verify(stolen.accessToken, 'access')).rejects.toMatchObject({ code: 'TOKEN_REPLAYED' });
      await expect(tokens.verify(stolen.refreshToken, 'refresh')).rejects.toMatchObject({ code: 'TOKEN_REPLAYED' });
      await expect(tokens.verify(fresh.accessToken, 'access')).resolves.toMatchObject({ sub: 'acct_epoch' });
    } finally {
      await cleanup();
    }
  });
});
