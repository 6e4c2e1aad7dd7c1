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
