import { auditFor, request, startHarness, type SecureHarness } from '../security/support';

describe("public lookups: no account, every call audited without the caller's address", () => {
  let h: SecureHarness;
  beforeAll(async () => {
    h = await startHarness({ production: true });
  }, 60_000);
  afterAll(async () => h?.close());

  it('audits an answered anonymous call without the address, and a refused one with it (the trace of a probe)', async () => {
    const crl = await request(h.app).get('/api/v1/public/ca/crl').set('x-request-id', 'public-crl-1');
    expect(crl.status).toBe(200);
    const answered = await auditFor(h, 'public-crl-1');
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({ status: 200, result: 'SUCCESS', actor: { id: 'anonymous', role: 'anonymous' } });
    expect(answered[0]!.actor).not.toHaveProperty('ip');

    const unknown = await request(h.app).get('/api/v1/public/seals/9999999999999/status').set('x-request-id', 'public-status-1');
    expect(unknown.status).toBe(404);
    const refused = await auditFor(h, 'public-status-1');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ status: 404, code: 'NOT_FOUND', actor: { id: 'anonymous', ip: expect.any(String) } });
  });

  it('still keeps the address for calls that need an account', async () => {
    const res = await request(h.app).get('/api/v1/seals').set('x-request-id', 'private-1');
    expect(res.status).toBe(401);
    expect((await auditFor(h, 'private-1'))[0]!.actor).toHaveProperty('ip');
  });

  it('refuses what is not a PDF or not a v2 bundle with coded errors, and grades a broken bundle INVALID', async () => {
    const notPdf = await request(h.app).post('/api/v1/public/documents/verify').set('content-type', 'text/plain').send('hello');
    expect(notPdf.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const garbage = await request(h.app)
      .post('/api/v1/public/documents/verify')
      .set('content-type', 'application/pdf')
      .send(Buffer.from('%PDF-1.7\nnothing'));
    expect(garbage.status).toBe(422);
    expect(garbage.body.error.code).toBe('PDF_MALFORMED');
    const v1 = await request(h.app).post('/api/v1/public/bundles/verify').send({ format: 'eseal.proof-bundle', version: 1 });
    expect([v1.status, v1.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const broken = await request(h.app).post('/api/v1/public/bundles/verify').send({ format: 'eseal.proof-bundle', version: 2 });
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ verdict: 'INVALID', checks: [{ status: 'fail', code: 'BUNDLE_MALFORMED' }] });
  });
});
