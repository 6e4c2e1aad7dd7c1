/**
 * Attack: guess an account's password online. Sign-in and password change both check the password,
 * so both must count against one lockout, and the lockout must hold when the guesses arrive at once.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { SealError } from '@eseal/core';
import { LoginLockout } from '../../server/src/auth/login-lockout';
import { SecurityRedisKeys } from '../../server/src/auth/redis-keys';
import { connectSuiteRedis } from '../support/env';
import { SYSTEM, request, startHarness, type SecureHarness } from './support';

let h: SecureHarness;
let server: Server;

beforeAll(async () => {
  h = await startHarness();
  server = h.app.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await h.close();
});

const guess = () => `guess-${randomBytes(8).toString('hex')}`;
const signIn = (username: string, password: string) => request(server).post('/api/v1/auth/sign-in').send({ username, password });
const changePassword = (token: string, currentPassword: string) =>
  request(server)
    .post('/api/v1/auth/password')
    .set('Authorization', `Bearer ${token}`)
    .send({ currentPassword, newPassword: 'a-long-new-password-2' });

async function account(username: string): Promise<{ password: string; token: string }> {
  const { oneTimePassword } = await h.security.auth.accounts.create(SYSTEM, { username, roles: ['AUDITOR'] });
  const signedIn = await signIn(username, oneTimePassword);
  expect(signedIn.status).toBe(200);
  return { password: oneTimePassword, token: signedIn.body.tokens.accessToken };
}

describe('sign-in lockout', () => {
  it('does not sign in when a hundred wrong passwords and the right one are sent at once', async () => {
    const { password } = await account('guessed.at.once');
    const results = await Promise.all([
      ...Array.from({ length: 100 }, () => signIn('guessed.at.once', guess())),
      signIn('guessed.at.once', password),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(0);
    // Only the first five were even checked; the rest were refused on arrival.
    expect(results.filter((r) => r.body.error.code === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.body.error.code === 'ACCOUNT_LOCKED').length).toBeGreaterThanOrEqual(96);
    expect((await signIn('guessed.at.once', password)).body.error.code).toBe('ACCOUNT_LOCKED');
  }, 60_000);

  it('does not count attempts that could not be checked: an outage of the record store locks nobody out', async () => {
    const { redis, prefix, cleanup } = await connectSuiteRedis();
    try {
      const lockout = new LoginLockout(redis, new SecurityRedisKeys(prefix));
      const storeDown = async (): Promise<boolean> => {
        throw new SealError('DEPENDENCY_UNAVAILABLE', 'the record store is unreachable');
      };
      for (let i = 0; i < 20; i++)
        await expect(lockout.attempt('owner.in.outage', storeDown)).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
      expect(await lockout.attempt('owner.in.outage', async () => true)).toBe(true);
      // Wrong passwords still count as before.
      for (let i = 0; i < 5; i++) expect(await lockout.attempt('owner.in.outage', async () => false)).toBe(false);
      await expect(lockout.attempt('owner.in.outage', async () => true)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    } finally {
      await cleanup();
    }
  });

  it('does not give back more than was counted: an unchecked attempt that overlapped a sign-in grants no extra guess', async () => {
    const { redis, prefix, cleanup } = await connectSuiteRedis();
    try {
      const keys = new SecurityRedisKeys(prefix);
      const lockout = new LoginLockout(redis, keys);
      // While this attempt's check runs, the owner signs in elsewhere and the count starts over.
      const overlapped = async (): Promise<boolean> => {
        await redis.del(keys.loginFailures('overlapped.owner'));
        throw new SealError('DEPENDENCY_UNAVAILABLE', 'the record store is unreachable');
      };
      await expect(lockout.attempt('overlapped.owner', overlapped)).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
      expect(await redis.get(keys.loginFailures('overlapped.owner'))).toBeNull();
      for (let i = 0; i < 5; i++) expect(await lockout.attempt('overlapped.owner', async () => false)).toBe(false);
      await expect(lockout.attempt('overlapped.owner', async () => false)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    } finally {
      await cleanup();
    }
  });

  it('still lets the owner in after four typos', async () => {
    const { password } = await account('four.typos');
    for (let i = 0; i < 4; i++) expect((await signIn('four.typos', guess())).body.error.code).toBe('INVALID_CREDENTIALS');
    expect((await signIn('four.typos', password)).status).toBe(200);
  });
});

describe('password change counts wrong current passwords', () => {
  it('locks the account after five wrong current passwords, for the change form and sign-in alike', async () => {
    const { password, token } = await account('change.guesser');
    for (let i = 0; i < 5; i++) {
      const res = await changePassword(token, guess());
      expect([res.status, res.body.error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    }
    const right = await changePassword(token, password);
    expect([right.status, right.body.error.code]).toEqual([423, 'ACCOUNT_LOCKED']);
    expect((await signIn('change.guesser', password)).body.error.code).toBe('ACCOUNT_LOCKED');
  });

  it('does not change the password when a hundred wrong current passwords and the right one are sent at once', async () => {
    const { password, token } = await account('change.at.once');
    const results = await Promise.all([
      ...Array.from({ length: 100 }, () => changePassword(token, guess())),
      changePassword(token, password),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(0);
    expect(results.filter((r) => r.body.error.code === 'ACCOUNT_LOCKED').length).toBeGreaterThanOrEqual(95);
  }, 60_000);
});
