import { Sm2PrivateKey, sm2Sign } from '@eseal/core';
import { SYSTEM, request, startHarness, type SecureHarness } from './support';

let h: SecureHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function newAccount(username: string) {
  const created = await h.security.auth.accounts.create(SYSTEM, { username, roles: ['AUDITOR'] });
  return created;
}

/** An account whose one-time password was already replaced by `password`, as after its first sign-in. */
async function settledAccount(username: string, password = 'a-settled-password') {
  const { oneTimePassword } = await newAccount(username);
  const first = await request(h.app).post('/api/v1/auth/sign-in').send({ username, password: oneTimePassword });
  const changed = await request(h.app)
    .post('/api/v1/auth/password')
    .set('Authorization', `Bearer ${first.body.tokens.accessToken}`)
    .send({ currentPassword: oneTimePassword, newPassword: password });
  expect(changed.status).toBe(200);
  return { password };
}

describe('password sign-in and session tokens', () => {
  it('signs in with the one-time password, then uses, refreshes and revokes the session', async () => {
    const { oneTimePassword } = await newAccount('auditor.one');
    const first = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'Auditor.One', password: oneTimePassword });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'SIGNED_IN', mustChangePassword: true });
    await request(h.app)
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${first.body.tokens.accessToken}`)
      .send({ currentPassword: oneTimePassword, newPassword: 'a-settled-password' });
    const signIn = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'Auditor.One', password: 'a-settled-password' });
    expect(signIn.body).toMatchObject({ status: 'SIGNED_IN', mustChangePassword: false });
    const { accessToken, refreshToken } = signIn.body.tokens;

    const me = await request(h.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ roles: ['AUDITOR'], mustChangePassword: false, secondFactor: false });

    const refreshed = await request(h.app).post('/api/v1/auth/refresh').send({ refreshToken });
    expect(refreshed.status).toBe(200);
    // The same refresh token again is a replay: refused, and the whole sign-in is revoked.
    const replay = await request(h.app).post('/api/v1/auth/refresh').send({ refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('TOKEN_REPLAYED');
    const afterReplay = await request(h.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`);
    expect(afterReplay.body.error.code).toBe('TOKEN_REPLAYED');
  });

  it('revokes the access token at sign-out; presenting it again is a replay', async () => {
    const { password } = await settledAccount('auditor.two');
    const signIn = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'auditor.two', password });
    const token = signIn.body.tokens.accessToken;
    const out = await request(h.app).post('/api/v1/auth/sign-out').set('Authorization', `Bearer ${token}`);
    expect(out.status).toBe(200);
    const again = await request(h.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('TOKEN_REPLAYED');
    const refresh = await request(h.app).post('/api/v1/auth/refresh').send({ refreshToken: signIn.body.tokens.refreshToken });
    expect(refresh.body.error.code).toBe('TOKEN_REPLAYED');
  });

  it('rejects forged, altered, expired and refresh-as-access tokens', async () => {
    const pair = h.security.auth.tokens.issuePair({ accountId: 'acct_x', roles: ['AUDITOR'] });
    const [v, body, mac] = pair.accessToken.split('.');
    const elevated = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), roles: ['PUBLIC_SECURITY_ADMIN'] }),
    ).toString('base64url');
    const expiredClaims = { ...JSON.parse(Buffer.from(body, 'base64url').toString()), exp: Math.floor(Date.now() / 1000) - 1 };
    const cases: Array<[string, string]> = [
      [`${v}.${elevated}.${mac}`, 'UNAUTHENTICATED'],
      [`${v}.${body}.${'A'.repeat(mac.length)}`, 'UNAUTHENTICATED'],
      ['not-a-token', 'UNAUTHENTICATED'],
      [pair.refreshToken, 'UNAUTHENTICATED'],
      [h.security.auth.tokens.sign(expiredClaims), 'TOKEN_EXPIRED'],
    ];
    for (const [token, code] of cases) {
      const res = await request(h.app).get('/api/v1/audit/verify').set('Authorization', `Bearer ${token}`);
      expect([res.status, res.body.error?.code]).toEqual([401, code]);
    }
  });

  it('answers the same INVALID_CREDENTIALS for unknown names and wrong passwords, and locks after five failures', async () => {
    await newAccount('auditor.three');
    const unknown = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'nobody', password: 'whatever-password' });
    expect([unknown.status, unknown.body.error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    for (let i = 0; i < 5; i++) {
      const wrong = await request(h.app)
        .post('/api/v1/auth/sign-in')
        .send({ username: 'auditor.three', password: `wrong-${i}` });
      expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'auditor.three', password: 'wrong-again' });
    expect([locked.status, locked.body.error.code]).toEqual([423, 'ACCOUNT_LOCKED']);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('changes the password only with the current one', async () => {
    const { oneTimePassword } = await newAccount('auditor.four');
    const token = (await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'auditor.four', password: oneTimePassword })).body
      .tokens.accessToken;
    const wrong = await request(h.app)
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: 'guess', newPassword: 'a-long-new-password' });
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const short = await request(h.app)
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: oneTimePassword, newPassword: 'short' });
    expect(short.body.error.code).toBe('VALIDATION_FAILED');
    const otherDevice = (await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'auditor.four', password: oneTimePassword }))
      .body.tokens;
    // Sessions are second-granular: make sure the change happens in a later second than the sign-ins.
    await new Promise((r) => setTimeout(r, 1100));
    const ok = await request(h.app)
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: oneTimePassword, newPassword: 'a-long-new-password' });
    expect(ok.status).toBe(200);
    // Every earlier session of the account ends, on every device, refresh tokens included.
    expect((await request(h.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${otherDevice.accessToken}`)).body.error.code).toBe(
      'TOKEN_REPLAYED',
    );
    expect((await request(h.app).post('/api/v1/auth/refresh').send({ refreshToken: otherDevice.refreshToken })).body.error.code).toBe(
      'TOKEN_REPLAYED',
    );
    const signIn = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'auditor.four', password: 'a-long-new-password' });
    expect(signIn.body).toMatchObject({ status: 'SIGNED_IN', mustChangePassword: false });
  });
});

describe('SM2 second factor', () => {
  it('requires a signature over the server nonce by the registered key, once', async () => {
    const { password: oneTimePassword } = await settledAccount('auditor.mfa');
    const key = Sm2PrivateKey.generate();
    const first = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'auditor.mfa', password: oneTimePassword });
    const register = await request(h.app)
      .put('/api/v1/auth/second-factor-key')
      .set('Authorization', `Bearer ${first.body.tokens.accessToken}`)
      .send({ publicKeyHex: Buffer.from(key.publicKey.point).toString('hex') });
    expect(register.status).toBe(200);

    const challenged = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'auditor.mfa', password: oneTimePassword });
    expect(challenged.body.status).toBe('SECOND_FACTOR_REQUIRED');
    expect(challenged.body.tokens).toBeUndefined();
    const { challengeId, message } = challenged.body.challenge;

    const wrongKey = sm2Sign(Sm2PrivateKey.generate(), Buffer.from(message));
    const refused = await request(h.app)
      .post('/api/v1/auth/second-factor')
      .send({ challengeId, signature: Buffer.from(wrongKey).toString('base64') });
    expect(refused.body.error.code).toBe('INVALID_CREDENTIALS');
    // The refused attempt consumed the challenge: even the right signature is now too late.
    const signature = Buffer.from(sm2Sign(key, Buffer.from(message))).toString('base64');
    const late = await request(h.app).post('/api/v1/auth/second-factor').send({ challengeId, signature });
    expect(late.body.error.code).toBe('INVALID_CREDENTIALS');

    const again = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'auditor.mfa', password: oneTimePassword });
    const msg2 = again.body.challenge.message;
    const ok = await request(h.app)
      .post('/api/v1/auth/second-factor')
      .send({ challengeId: again.body.challenge.challengeId, signature: Buffer.from(sm2Sign(key, Buffer.from(msg2))).toString('base64') });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('SIGNED_IN');
    const replay = await request(h.app)
      .post('/api/v1/auth/second-factor')
      .send({ challengeId: again.body.challenge.challengeId, signature: Buffer.from(sm2Sign(key, Buffer.from(msg2))).toString('base64') });
    expect(replay.body.error.code).toBe('INVALID_CREDENTIALS');
  });
});
