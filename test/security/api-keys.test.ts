import { SYSTEM, UNIT_A, UNIT_B, apiKeyFor, request, startHarness, tokenFor, type SecureHarness } from './support';

let h: SecureHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const admin = () => ({ Authorization: `Bearer ${tokenFor(h, 'PUBLIC_SECURITY_ADMIN')}` });
const unitAdmin = (unitId = UNIT_A) => ({ Authorization: `Bearer ${tokenFor(h, 'UNIT_ADMIN', unitId)}` });
const signAs = (key: string, unitId: string) =>
  request(h.app).post(`/api/v1/fixtures/units/${unitId}/sign`).set('X-API-Key', key).send({ fileName: 'contract.pdf' });

describe('API keys', () => {
  it('is shown once and stored only as a keyed hash', async () => {
    const created = await request(h.app)
      .post('/api/v1/api-keys')
      .set(admin())
      .send({ name: 'state organ OA', clientClass: 'STATE_ORGAN', unitIds: [UNIT_A] });
    expect(created.status).toBe(201);
    const { keyId, apiKey } = created.body;
    expect(apiKey).toMatch(new RegExp(`^esk_${keyId}_[A-Za-z0-9_-]{43}$`));
    const stored = await h.mongo.connection.collection('api_keys').findOne({ _id: keyId as never });
    expect(JSON.stringify(stored)).not.toContain(apiKey.split('_').slice(2).join('_'));
    expect(stored?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    const listed = await request(h.app).get('/api/v1/api-keys').set(admin());
    expect(JSON.stringify(listed.body)).not.toContain('secretHash');
    expect(listed.body.items.map((k: { keyId: string }) => k.keyId)).toContain(keyId);
    // A state organ's key defaults to what 第十八条 gives its class.
    expect(listed.body.items.find((k: { keyId: string }) => k.keyId === keyId).scopes).toEqual(
      expect.arrayContaining(['document.sign', 'document.verify']),
    );
    expect(listed.body.items.find((k: { keyId: string }) => k.keyId === keyId).scopes).not.toContain('seal.make');
  });

  it('cannot be scoped beyond its class (第十八条)', async () => {
    const res = await request(h.app)
      .post('/api/v1/api-keys')
      .set(admin())
      .send({ name: 'x', clientClass: 'OTHER_ORGANISATION', scopes: ['seal.make'], unitIds: [UNIT_A] });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it("never reaches another unit's seals", async () => {
    const key = await apiKeyFor(h, 'OTHER_ORGANISATION', [UNIT_A]);
    expect((await signAs(key, UNIT_A)).status).toBe(200);
    const other = await signAs(key, UNIT_B);
    expect([other.status, other.body.error.code]).toEqual([403, 'FORBIDDEN']);
    // The refusal does not reveal whether the unit exists.
    const missing = await signAs(key, 'unit_missing');
    expect(missing.body).toEqual(other.body);
  });

  it("lets a unit admin manage only basic keys of their own unit; other units' keys look absent", async () => {
    const foreign = await request(h.app)
      .post('/api/v1/api-keys')
      .set(unitAdmin())
      .send({ name: 'x', clientClass: 'OTHER_ORGANISATION', unitIds: [UNIT_B] });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const elevated = await request(h.app)
      .post('/api/v1/api-keys')
      .set(unitAdmin())
      .send({ name: 'x', clientClass: 'SEAL_MAKER', unitIds: [UNIT_A] });
    expect(elevated.body.error.code).toBe('FORBIDDEN');
    const own = await request(h.app)
      .post('/api/v1/api-keys')
      .set(unitAdmin())
      .send({ name: 'mine', clientClass: 'OTHER_ORGANISATION', unitIds: [UNIT_A] });
    expect(own.status).toBe(201);
    const bKey = (
      await h.security.auth.apiKeys.create(SYSTEM, { name: 'b', clientClass: 'OTHER_ORGANISATION', unitIds: [UNIT_B], expiresInDays: 1 })
    ).keyId;
    const revokeForeign = await request(h.app).post(`/api/v1/api-keys/${bKey}/revoke`).set(unitAdmin());
    expect([revokeForeign.status, revokeForeign.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const list = await request(h.app).get('/api/v1/api-keys').set(unitAdmin());
    expect(list.body.items.every((k: { unitIds: string[] }) => k.unitIds.includes(UNIT_A))).toBe(true);
  });

  it('rotates: the new key works, the old one is revoked at once', async () => {
    const old = await request(h.app)
      .post('/api/v1/api-keys')
      .set(admin())
      .send({ name: 'r', clientClass: 'STATE_ORGAN', unitIds: [UNIT_A] });
    const rotated = await request(h.app).post(`/api/v1/api-keys/${old.body.keyId}/rotate`).set(admin()).send({});
    expect(rotated.status).toBe(201);
    expect(rotated.body.keyId).not.toBe(old.body.keyId);
    expect((await signAs(rotated.body.apiKey, UNIT_A)).status).toBe(200);
    const stale = await signAs(old.body.apiKey, UNIT_A);
    expect([stale.status, stale.body.error.code]).toEqual([401, 'API_KEY_REVOKED']);
  });

  it('rotates with a grace period: both keys work until it ends', async () => {
    const old = await request(h.app)
      .post('/api/v1/api-keys')
      .set(admin())
      .send({ name: 'g', clientClass: 'STATE_ORGAN', unitIds: [UNIT_A] });
    const rotated = await request(h.app).post(`/api/v1/api-keys/${old.body.keyId}/rotate`).set(admin()).send({ graceSeconds: 3600 });
    expect((await signAs(old.body.apiKey, UNIT_A)).status).toBe(200);
    expect((await signAs(rotated.body.apiKey, UNIT_A)).status).toBe(200);
  });

  it('refuses revoked, expired, unknown and malformed keys with their codes', async () => {
    const issued = await request(h.app)
      .post('/api/v1/api-keys')
      .set(admin())
      .send({ name: 'v', clientClass: 'STATE_ORGAN', unitIds: [UNIT_A] });
    const revoke = await request(h.app).post(`/api/v1/api-keys/${issued.body.keyId}/revoke`).set(admin());
    expect(revoke.body.status).toBe('REVOKED');
    expect((await signAs(issued.body.apiKey, UNIT_A)).body.error.code).toBe('API_KEY_REVOKED');

    const expiring = await h.security.auth.apiKeys.create(SYSTEM, {
      name: 'e',
      clientClass: 'STATE_ORGAN',
      unitIds: [UNIT_A],
      expiresInDays: 1,
    });
    await h.mongo.connection
      .collection('api_keys')
      .updateOne({ _id: expiring.keyId as never }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await signAs(expiring.apiKey, UNIT_A)).body.error.code).toBe('API_KEY_EXPIRED');

    const [, id] = /^esk_([0-9a-f]{16})_/.exec(expiring.apiKey)!;
    for (const bad of [`esk_${id}_${'A'.repeat(43)}`, `esk_${'0'.repeat(16)}_${'A'.repeat(43)}`, 'esk_nonsense', 'x'.repeat(5000)]) {
      const res = await signAs(bad, UNIT_A);
      expect([res.status, res.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
  });

  it('accepts the key as a Bearer value too', async () => {
    const key = await apiKeyFor(h, 'STATE_ORGAN');
    const res = await request(h.app)
      .post(`/api/v1/fixtures/units/${UNIT_A}/sign`)
      .set('Authorization', `Bearer ${key}`)
      .send({ fileName: 'a.pdf' });
    expect(res.status).toBe(200);
  });
});

describe('accounts list', () => {
  it('lists accounts by unit and role without secrets; a unit admin sees their own unit only', async () => {
    const a = await h.security.auth.accounts.create(SYSTEM, { username: 'list.keeper.a', roles: ['UNIT_ADMIN'], unitId: UNIT_A });
    const b = await h.security.auth.accounts.create(SYSTEM, { username: 'list.keeper.b', roles: ['UNIT_ADMIN'], unitId: UNIT_B });
    const all = await request(h.app).get('/api/v1/accounts?role=UNIT_ADMIN&limit=100').set(admin());
    expect(all.status).toBe(200);
    expect(all.body.items.map((x: { accountId: string }) => x.accountId)).toEqual(expect.arrayContaining([a.accountId, b.accountId]));
    expect(JSON.stringify(all.body)).not.toMatch(/passwordHash|oneTimePassword|sm2PublicKeyHex/);

    const own = await request(h.app).get('/api/v1/accounts?limit=100').set(unitAdmin());
    expect(own.body.items.every((x: { unitId?: string }) => x.unitId === UNIT_A)).toBe(true);
    expect(own.body.items.map((x: { accountId: string }) => x.accountId)).toContain(a.accountId);
    expect((await request(h.app).get(`/api/v1/accounts?unitId=${UNIT_B}`).set(unitAdmin())).status).toBe(403);
  });
});
