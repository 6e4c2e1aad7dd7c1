import { CLIENT_CLASSES, OPERATIONS, isAllowed, isOperation, type Caller } from '../../server/src/access';
import { PERSON_ROLES, UNIT_A, apiKeyFor, request, startHarness, tokenFor, type SecureHarness } from './support';

/**
 * Every endpoint the router declares, called as every role and every API-client class: the route-level
 * answer must match OPERATIONS (and 第十八条 for API keys). Endpoints are read from the OpenAPI document
 * of an app carrying the production modules (security, lifecycle, signing), so a new route is in this
 * test the moment it is declared.
 */
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
  security?: unknown;
}

async function endpoints(): Promise<Endpoint[]> {
  const doc = (await request(h.app).get('/api/v1/openapi.json')).body;
  const out: Endpoint[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries<any>(item)) {
      out.push({ method, path, operation: op['x-operation'], public: op['x-public'] === true, security: op.security });
    }
  }
  return out;
}

function url(path: string): string {
  return path.replace(/\{[^}]+\}/g, '0123456789abcdef');
}

function call(e: Endpoint, auth?: Record<string, string>) {
  const r = (request(h.app) as any)[e.method](url(e.path));
  if (auth) r.set(auth);
  return ['post', 'put', 'patch'].includes(e.method) ? r.send({}) : r;
}

/** With valid credentials, the route's own refusal is a 403 marked check: 'route' (a handler may still answer 401/403 for its own reasons). */
function refusedByRoute(res: { status: number; body: any }): boolean {
  return res.status === 403 && res.body?.error?.details?.check === 'route';
}

describe('authorisation matrix', () => {
  it('covers every declared endpoint, each naming an operation of OPERATIONS or being public', async () => {
    const list = await endpoints();
    expect(list.length).toBeGreaterThanOrEqual(25);
    // The production modules are in the list, not only security's own routes.
    expect(list.some((e) => e.operation === 'seal.revoke')).toBe(true);
    expect(list.some((e) => e.operation === 'document.sign' && !e.path.includes('fixtures'))).toBe(true);
    for (const e of list) {
      expect([e.method, e.path, e.public || isOperation(e.operation)]).toEqual([e.method, e.path, true]);
      // The document tells clients how to authenticate: nothing for public routes, token or API key otherwise.
      expect([e.path, e.security]).toEqual([e.path, e.public ? [] : [{ sessionToken: [] }, { apiKey: [] }]]);
    }
    const doc = (await request(h.app).get('/api/v1/openapi.json')).body;
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'sessionToken']);
  });

  it('refuses every non-public endpoint without credentials (401) and admits anonymous callers to public ones', async () => {
    for (const e of await endpoints()) {
      const res = await call(e);
      if (e.public) expect([e.path, res.status === 401 || refusedByRoute(res)]).toEqual([e.path, false]);
      else expect([e.method, e.path, res.status, res.body.error?.code]).toEqual([e.method, e.path, 401, 'UNAUTHENTICATED']);
    }
  });

  it.each(PERSON_ROLES)('answers %s exactly as OPERATIONS says', async (role) => {
    const caller: Caller = { id: 'x', kind: 'person', roles: [role], unitId: UNIT_A };
    let allowedCount = 0;
    for (const e of (await endpoints()).filter((x) => !x.public)) {
      const expected = isAllowed(caller, e.operation as keyof typeof OPERATIONS);
      // A fresh token per call: the sign-out endpoint is in the list and revokes the one it is called with.
      const res = await call(e, { Authorization: `Bearer ${tokenFor(h, role)}` });
      expect([e.method, e.path, role, refusedByRoute(res)]).toEqual([e.method, e.path, role, !expected]);
      if (!expected) expect(res.body.error.code).toBe('FORBIDDEN');
      if (expected) allowedCount++;
    }
    // Every role can do something (at least manage its own session), so the test is not vacuous.
    expect(allowedCount).toBeGreaterThan(0);
  });

  it.each(CLIENT_CLASSES)('answers an API client of class %s per 第十八条 and its scopes', async (clientClass) => {
    const key = await apiKeyFor(h, clientClass);
    const caller = await h.security.auth.apiKeys.authenticate(key);
    for (const e of (await endpoints()).filter((x) => !x.public)) {
      const expected = isAllowed(caller, e.operation as keyof typeof OPERATIONS);
      const res = await call(e, { 'X-API-Key': key });
      expect([e.method, e.path, clientClass, refusedByRoute(res)]).toEqual([e.method, e.path, clientClass, !expected]);
    }
  });

  it('holds an API key to its scopes even within its class', async () => {
    const key = await apiKeyFor(h, 'SEAL_MAKER', [UNIT_A], ['document.verify']);
    const res = await request(h.app).post(`/api/v1/fixtures/units/${UNIT_A}/sign`).set('X-API-Key', key).send({ fileName: 'a.pdf' });
    expect([res.status, res.body.error.details.check]).toEqual([403, 'route']);
  });
});
