import { OPERATIONS, type Operation, type Role } from '../../server/src/access';
import { UNIT_A, auditFor, request, startHarness, tokenFor, type SecureHarness } from './support';

/**
 * Hostile input on every endpoint: each attempt gets a coded 4xx, changes nothing, and leaves exactly
 * one trace, its audit entry.
 */
let h: SecureHarness;
beforeAll(async () => {
  h = await startHarness({ bodyLimitBytes: 16 * 1024, production: true });
});
afterAll(() => h.close());

interface Endpoint {
  method: string;
  path: string;
  operation?: Operation;
  queryNames: string[];
}

async function endpoints(): Promise<Endpoint[]> {
  const doc = (await request(h.app).get('/api/v1/openapi.json')).body;
  const out: Endpoint[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries<any>(item)) {
      const queryNames = (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name);
      out.push({ method, path, operation: op['x-operation'], queryNames });
    }
  }
  return out;
}

/** Credentials of someone the route admits, so the attack reaches input handling rather than the guard. */
function authFor(e: Endpoint): Record<string, string> {
  if (!e.operation) return {};
  const role = (OPERATIONS[e.operation] as readonly Role[]).find((r) => r !== 'API_CLIENT')!;
  return { Authorization: `Bearer ${tokenFor(h, role, UNIT_A)}` };
}

const url = (path: string) => path.replace(/\{[^}]+\}/g, 'p1');
let counter = 0;
const rid = () => `attack-${++counter}`;

async function collectionCounts(): Promise<Record<string, number>> {
  const names = ['accounts', 'api_keys', 'audit_anchors'];
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await h.mongo.connection.collection(n).countDocuments()])));
}

async function expectCodedRefusalWithAuditTrace(res: { status: number; body: any; headers: any }, requestId: string) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(typeof res.body.error.code).toBe('string');
  const entries = await auditFor(h, requestId);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ status: res.status, code: res.body.error.code, actor: { ip: expect.any(String) } });
}

describe('NoSQL operator injection', () => {
  it('refuses qs-style operator objects in every query parameter of every endpoint', async () => {
    const list = await endpoints();
    const before = await collectionCounts();
    let tried = 0;
    for (const e of list) {
      for (const name of [...e.queryNames, 'unitId']) {
        const requestId = rid();
        const res = await (request(h.app) as any)
          [e.method](`${url(e.path)}?${name}[$gt]=&${name}[$ne]=x`)
          .set(authFor(e))
          .set('X-Request-Id', requestId);
        expect([e.path, name, res.status, res.body.error?.code]).toEqual([e.path, name, 400, 'VALIDATION_FAILED']);
        await expectCodedRefusalWithAuditTrace(res, requestId);
        // The probe is on record under the caller who sent it and the operation it aimed at.
        const [entry] = await auditFor(h, requestId);
        expect(entry.actor.id).not.toBe(e.operation ? 'anonymous' : '');
        expect(entry.action).toBe(e.operation ?? `${e.method.toUpperCase()} ${e.path.replace(/\{([^}]+)\}/g, ':$1')}`);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(list.length);
    expect(await collectionCounts()).toEqual(before);
  });

  it('keeps JSON-looking query values as literal strings, never operators', async () => {
    const requestId = rid();
    const res = await request(h.app)
      .get(`/api/v1/audit/entries?unitId=${encodeURIComponent('{"$gt":""}')}`)
      .set(authFor({ method: 'get', path: '', operation: 'audit.read', queryNames: [] }))
      .set('X-Request-Id', requestId);
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    await expectCodedRefusalWithAuditTrace(res, requestId);
    const echoed = await request(h.app)
      .get(`/api/v1/fixtures/units/${UNIT_A}/seals?status=${encodeURIComponent('{"$ne":1}')}`)
      .set('Authorization', `Bearer ${tokenFor(h, 'UNIT_ADMIN')}`);
    expect(echoed.body.status).toBe('{"$ne":1}');
  });

  it('refuses repeated query parameters (parameter pollution)', async () => {
    const requestId = rid();
    const res = await request(h.app)
      .get('/api/v1/audit/entries?limit=1&limit=500')
      .set('Authorization', `Bearer ${tokenFor(h, 'AUDITOR')}`)
      .set('X-Request-Id', requestId);
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    await expectCodedRefusalWithAuditTrace(res, requestId);
  });

  it.each([
    [{ username: { $gt: '' }, password: 'x' }],
    [{ username: 'a', password: 'b', nested: [{ deeper: { $where: 'sleep(1000)' } }] }],
    [JSON.parse('{"username":"a","password":"b","__proto__":{"admin":true}}')],
  ])('refuses operator and prototype keys anywhere in a JSON body: %j', async (body) => {
    const requestId = rid();
    const res = await request(h.app).post('/api/v1/auth/sign-in').set('X-Request-Id', requestId).send(body);
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    await expectCodedRefusalWithAuditTrace(res, requestId);
  });
});

describe('malformed and oversized bodies', () => {
  const admin = () => ({ Authorization: `Bearer ${tokenFor(h, 'PUBLIC_SECURITY_ADMIN')}` });

  it.each([
    ['{"name": "x",', 'MALFORMED_JSON', 400],
    ['[1,2', 'MALFORMED_JSON', 400],
    ['"just a string"', 'MALFORMED_JSON', 400],
    ['{"name": "x", "clientClass": "STATE_ORGAN", "unitIds": "unit_A"}', 'VALIDATION_FAILED', 400],
  ])('answers %s with %s', async (raw, code, status) => {
    const requestId = rid();
    const before = await collectionCounts();
    const res = await request(h.app)
      .post('/api/v1/api-keys')
      .set(admin())
      .set('X-Request-Id', requestId)
      .set('Content-Type', 'application/json')
      .send(raw);
    expect([res.status, res.body.error.code]).toEqual([status, code]);
    await expectCodedRefusalWithAuditTrace(res, requestId);
    expect(await collectionCounts()).toEqual(before);
  });

  it('answers 413 to a body over the limit', async () => {
    const requestId = rid();
    const res = await request(h.app)
      .post('/api/v1/api-keys')
      .set(admin())
      .set('X-Request-Id', requestId)
      .send({ name: 'x'.repeat(20 * 1024) });
    expect([res.status, res.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    await expectCodedRefusalWithAuditTrace(res, requestId);
  });

  it('answers 415 to a non-JSON body', async () => {
    const requestId = rid();
    const res = await request(h.app)
      .post('/api/v1/api-keys')
      .set(admin())
      .set('X-Request-Id', requestId)
      .set('Content-Type', 'text/xml')
      .send('<x/>');
    expect([res.status, res.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    await expectCodedRefusalWithAuditTrace(res, requestId);
  });
});

describe('path traversal', () => {
  const custodian = () => ({ Authorization: `Bearer ${tokenFor(h, 'SEAL_CUSTODIAN')}` });

  it.each(['../../etc/passwd', '..\\..\\boot.ini', 'a/../../b.pdf', 'ok.pdf\0.exe'])('refuses the file name %p', async (fileName) => {
    const requestId = rid();
    const res = await request(h.app)
      .post(`/api/v1/fixtures/units/${UNIT_A}/sign`)
      .set(custodian())
      .set('X-Request-Id', requestId)
      .send({ fileName });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    await expectCodedRefusalWithAuditTrace(res, requestId);
  });

  it.each([
    ['/api/v1/fixtures/units/..%2F..%2Funit_B/seals', 403, 'FORBIDDEN'],
    ['/api/v1/%2e%2e/%2e%2e/etc/passwd', 404, 'ROUTE_NOT_FOUND'],
    ['/api/v1/api-keys/..%2F..%2Fx/revoke', 400, 'VALIDATION_FAILED'],
  ])('refuses traversal in the URL %s', async (path, status, code) => {
    const requestId = rid();
    const method = path.endsWith('revoke') ? 'post' : 'get';
    const res = await (request(h.app) as any)
      [method](path)
      .set(method === 'post' ? { Authorization: `Bearer ${tokenFor(h, 'PUBLIC_SECURITY_ADMIN')}` } : custodian())
      .set('X-Request-Id', requestId);
    expect([res.status, res.body.error.code]).toEqual([status, code]);
    await expectCodedRefusalWithAuditTrace(res, requestId);
  });
});

describe('unauthenticated and cross-unit access', () => {
  it('answers 401 without credentials and records who tried from where', async () => {
    const requestId = rid();
    const res = await request(h.app).get(`/api/v1/fixtures/units/${UNIT_A}/seals`).set('X-Request-Id', requestId);
    expect([res.status, res.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    await expectCodedRefusalWithAuditTrace(res, requestId);
    const [entry] = await auditFor(h, requestId);
    expect(entry).toMatchObject({ result: 'DENIED', actor: { id: 'anonymous' }, action: 'seal.read', unitId: UNIT_A });
  });

  it('answers 403 to a unit-scoped person reading another unit', async () => {
    const requestId = rid();
    const res = await request(h.app)
      .get('/api/v1/fixtures/units/unit_B/seals')
      .set('Authorization', `Bearer ${tokenFor(h, 'UNIT_ADMIN', UNIT_A)}`)
      .set('X-Request-Id', requestId);
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
    await expectCodedRefusalWithAuditTrace(res, requestId);
    const [entry] = await auditFor(h, requestId);
    expect(entry).toMatchObject({ result: 'DENIED', actor: { id: 'acct_unit_admin', role: 'UNIT_ADMIN' }, unitId: 'unit_B' });
  });

  it('rejects a malformed Authorization header', async () => {
    const requestId = rid();
    const res = await request(h.app)
      .get(`/api/v1/fixtures/units/${UNIT_A}/seals`)
      .set('Authorization', 'Basic YTpi')
      .set('X-Request-Id', requestId);
    expect([res.status, res.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    await expectCodedRefusalWithAuditTrace(res, requestId);
  });

  it('keeps the whole chain valid after all these attempts', async () => {
    await h.security.auditLog.flush();
    const res = await request(h.app)
      .get('/api/v1/audit/verify')
      .set('Authorization', `Bearer ${tokenFor(h, 'AUDITOR')}`);
    expect(res.body).toMatchObject({ valid: true });
    expect(res.body.entries).toBeGreaterThan(20);
  });
});
