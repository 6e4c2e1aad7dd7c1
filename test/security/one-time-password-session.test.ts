/**
 * Attack: act with a one-time password. It travels by hand (printed by the CLI, handed over by an
 * administrator), so whoever saw it on the way could use it before its owner does. A session signed
 * in with it may change the password and nothing else, on every endpoint the service declares.
 */
import { SYSTEM, request, startHarness, type SecureHarness } from './support';

let h: SecureHarness;
beforeAll(async () => {
  h = await startHarness({ production: true });
}, 60_000);
afterAll(() => h.close());

interface Endpoint {
  method: string;
  path: string;
  operation?: string;
  public?: boolean;
}

async function endpoints(): Promise<Endpoint[]> {
  const doc = (await request(h.app).get('/api/v1/openapi.json')).body;
  return Object.entries<Record<string, any>>(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, item]) =>
      Object.entries<any>(item).map(([method, op]) => ({ method, path, operation: op['x-operation'], public: op['x-public'] === true })),
    );
}

function call(e: Endpoint, token: string) {
  const r = (request(h.app) as any)[e.method](e.path.replace(/\{[^}]+\}/g, '0123456789abcdef')).set('Authorization', `Bearer ${token}`);
  return ['post', 'put', 'patch'].includes(e.method) ? r.send({}) : r;
}

async function signIn(username: string, password: string) {
  const res = await request(h.app).post('/api/v1/auth/sign-in').send({ username, password });
  expect(res.status).toBe(200);
  return res.body as { mustChangePassword: boolean; tokens: { accessToken: string; refreshToken: string } };
}

describe('a session signed in with a one-time password', () => {
  it('is refused on every endpoint but the password change, even after a refresh', async () => {
    const { oneTimePassword } = await h.security.auth.accounts.create(SYSTEM, { username: 'ps.fresh', roles: ['PUBLIC_SECURITY_ADMIN'] });
    const first = await signIn('ps.fresh', oneTimePassword);
    expect(first.mustChangePassword).toBe(true);
    const refreshed = await request(h.app).post('/api/v1/auth/refresh').send({ refreshToken: first.tokens.refreshToken });
    expect(refreshed.status).toBe(200);

    const guarded = (await endpoints()).filter((e) => !e.public && e.operation !== 'session.password');
    expect(guarded.length).toBeGreaterThanOrEqual(25);
    for (const token of [first.tokens.accessToken, refreshed.body.accessToken as string]) {
      for (const e of guarded) {
        const res = await call(e, token);
        expect([e.method, e.path, res.status, res.body.error?.code]).toEqual([e.method, e.path, 403, 'PASSWORD_CHANGE_REQUIRED']);
      }
    }
  }, 120_000);

  it('changes the password, and the next sign-in may do what the roles allow', async () => {
    const { oneTimePassword } = await h.security.auth.accounts.create(SYSTEM, {
      username: 'ps.settling',
      roles: ['PUBLIC_SECURITY_ADMIN'],
    });
    const first = await signIn('ps.settling', oneTimePassword);
    const changed = await request(h.app)
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${first.tokens.accessToken}`)
      .send({ currentPassword: oneTimePassword, newPassword: 'a-long-chosen-password' });
    expect(changed.status).toBe(200);
    const next = await signIn('ps.settling', 'a-long-chosen-password');
    expect(next.mustChangePassword).toBe(false);
    const created = await request(h.app)
      .post('/api/v1/accounts')
      .set('Authorization', `Bearer ${next.tokens.accessToken}`)
      .send({ username: 'auditor.made', roles: ['AUDITOR'] });
    expect(created.status).toBe(201);
  });
});
