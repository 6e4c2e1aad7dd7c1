/**
 * Cookie sessions of the browser pages and cross-site request forgery: the session cookie is HttpOnly
 * and SameSite=Strict, and a request that carries it without the session's CSRF token — what a form
 * or script on another site sends — is refused before anything happens.
 */
import { SYSTEM, request, startHarness, type SecureHarness } from './support';

let h: SecureHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** An account past its one-time password, signed in as a browser would be: its cookie and CSRF token. */
async function browserSession(
  username: string,
): Promise<{ cookie: string; csrf: string; setCookie: string; body: Record<string, unknown> }> {
  const { oneTimePassword } = await h.security.auth.accounts.create(SYSTEM, { username, roles: ['AUDITOR'] });
  const first = await request(h.app).post('/api/v1/auth/sign-in').send({ username, password: oneTimePassword });
  await request(h.app)
    .post('/api/v1/auth/password')
    .set('Authorization', `Bearer ${first.body.tokens.accessToken}`)
    .send({ currentPassword: oneTimePassword, newPassword: 'browser-password-1' });
  const res = await request(h.app).post('/api/v1/auth/browser-session').send({ username, password: 'browser-password-1' });
  expect(res.status).toBe(200);
  const setCookie = String(res.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0]!, csrf: res.body.csrfToken as string, setCookie, body: res.body };
}

describe('browser sessions: HttpOnly cookie plus a CSRF token', () => {
  it('sets an HttpOnly, SameSite=Strict cookie for the API only, and never shows the page the token', async () => {
    const session = await browserSession('csrf.one');
    expect(session.setCookie).toMatch(/^eseal_session=[^;]+; Path=\/api\/; Max-Age=\d+; HttpOnly; SameSite=Strict/);
    expect(session.body).toEqual({
      status: 'SIGNED_IN',
      csrfToken: expect.any(String),
      accessExpiresAt: expect.any(String),
      mustChangePassword: false,
    });
    const me = await request(h.app).get('/api/v1/auth/me').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrf);
    expect(me.status).toBe(200);
  });

  it('refuses a cross-site POST that carries the cookie without the token, and the session survives it', async () => {
    const session = await browserSession('csrf.two');
    // What a form on another site submits: the browser may attach the cookie, it cannot add the header.
    const forged = await request(h.app)
      .post('/api/v1/auth/browser-session/sign-out')
      .set('Cookie', session.cookie)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send('x=1');
    expect([forged.status, forged.body.error.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const wrong = await request(h.app)
      .post('/api/v1/auth/browser-session/sign-out')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', 'guess');
    expect(wrong.body.error.code).toBe('CSRF_TOKEN_INVALID');
    const other = await browserSession('csrf.three');
    const borrowed = await request(h.app)
      .post('/api/v1/auth/browser-session/sign-out')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', other.csrf);
    expect(borrowed.body.error.code).toBe('CSRF_TOKEN_INVALID');
    // Nothing happened: the session still answers, and signs out when asked properly.
    expect((await request(h.app).get('/api/v1/auth/me').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrf)).status).toBe(200);
    const out = await request(h.app)
      .post('/api/v1/auth/browser-session/sign-out')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrf);
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^eseal_session=; Path=\/api\/; Max-Age=0; HttpOnly; SameSite=Strict/);
    expect((await request(h.app).get('/api/v1/auth/me').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrf)).status).toBe(401);
  });

  it('leaves bearer tokens and public routes alone: a stray cookie does not bind them', async () => {
    const session = await browserSession('csrf.four');
    const crl = await request(h.app).get('/api/v1/public/ca/crl').set('Cookie', 'eseal_session=');
    expect(crl.status).not.toBe(403);
    const signIn = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'csrf.four', password: 'browser-password-1' });
    const bearer = await request(h.app)
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${signIn.body.tokens.accessToken}`)
      .set('Cookie', session.cookie);
    expect(bearer.status).toBe(200);
  });
});

describe('browser sessions: a stale cookie', () => {
  it('does not stand in the way of signing in again after the password change that ended its session', async () => {
    const session = await browserSession('csrf.seven');
    const changed = await request(h.app)
      .post('/api/v1/auth/password')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrf)
      .send({ currentPassword: 'browser-password-1', newPassword: 'browser-password-2' });
    expect(changed.status).toBe(200);
    // The browser still sends the old cookie; the page sends no CSRF token when it signs in.
    const again = await request(h.app)
      .post('/api/v1/auth/browser-session')
      .set('Cookie', session.cookie)
      .send({ username: 'csrf.seven', password: 'browser-password-2' });
    expect(again.status).toBe(200);
    const fresh = String(again.headers['set-cookie']).split(';')[0]!;
    expect(fresh).not.toBe(session.cookie);
    expect((await request(h.app).get('/api/v1/auth/me').set('Cookie', fresh).set('X-CSRF-Token', again.body.csrfToken)).status).toBe(200);
    // The old session stays dead, with or without its token, and a signed-in route still wants the token.
    expect((await request(h.app).get('/api/v1/auth/me').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrf)).status).toBe(401);
    expect((await request(h.app).get('/api/v1/auth/me').set('Cookie', fresh)).body.error.code).toBe('CSRF_TOKEN_INVALID');
  });
});

describe('browser sessions: hostile header bytes get a coded answer, never a crash', () => {
  /** UTF-8 bytes as the header string Node sends byte for byte (its client writes header strings as latin1). */
  const utf8Bytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

  it('refuses a CSRF token with non-ASCII characters of the right length with 403, not 500', async () => {
    const session = await browserSession('csrf.five');
    // Same character count as the real token, more bytes: a string-length check alone lets it reach the byte comparison.
    const latin1 = `é${session.csrf.slice(1)}`;
    const chinese = utf8Bytes(`印${session.csrf.slice(3)}`);
    for (const token of [latin1, chinese, utf8Bytes('令牌')]) {
      const res = await request(h.app).get('/api/v1/auth/me').set('Cookie', session.cookie).set('X-CSRF-Token', token);
      expect([res.status, res.body.error?.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    }
    expect((await request(h.app).get('/api/v1/auth/me').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrf)).status).toBe(200);
  });

  it('answers non-ASCII or malformed session cookies, bearer tokens and API keys with a coded 4xx', async () => {
    const session = await browserSession('csrf.six');
    const [, token] = session.cookie.split('=');
    const attempts: Array<Record<string, string>> = [
      { Cookie: `eseal_session=${utf8Bytes('会话')}`, 'X-CSRF-Token': session.csrf },
      { Cookie: `eseal_session=é${token!.slice(1)}`, 'X-CSRF-Token': session.csrf },
      { Cookie: `eseal_session=${token!.slice(0, -1)}é`, 'X-CSRF-Token': session.csrf },
      { Authorization: `Bearer ${utf8Bytes('令牌')}` },
      { Authorization: `Bearer ${token!.slice(0, -2)}éé` },
      { 'X-API-Key': utf8Bytes('esk_钥匙_秘密') },
    ];
    for (const headers of attempts) {
      const res = await request(h.app).get('/api/v1/auth/me').set(headers);
      expect([res.status, res.body.error?.code]).toEqual([expect.any(Number), expect.any(String)]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    // A cookie header of bare separators, an unnamed value or an empty session: no session, so the public CRL still answers.
    for (const cookie of [';;;', '=x', 'eseal_session', `eseal_session=; eseal_session=${utf8Bytes('会话')}`]) {
      const res = await request(h.app).get('/api/v1/public/ca/crl').set('Cookie', cookie);
      expect(res.status).toBeLessThan(500);
    }
  });
});
