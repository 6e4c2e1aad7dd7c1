import { Writable } from 'node:stream';
import { createLogger } from '../../server/src/observability/logger';
import { newUscc } from '../lifecycle/support/fixtures';
import { UNIT_A, request, startHarness, tokenFor, type SecureHarness } from './support';

/** A valid-looking resident ID number (GB 11643 check digit) and a mobile number. */
const ID_NUMBER = '11010519491231002X';
const PHONE = '13912345678';

function captureLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

const logs = captureLogs();
let h: SecureHarness;
beforeAll(async () => {
  h = await startHarness({ logger: logs.logger, production: true });
}, 60_000);
afterAll(() => h.close());

describe('personal data in logs and responses', () => {
  it('never writes a clear ID number or phone to a log line, by field name or inside text', () => {
    logs.logger.info({ person: { idNumber: ID_NUMBER, phone: PHONE, name: '张三' } }, `registered ${ID_NUMBER} (${PHONE})`);
    logs.logger.warn({ details: { note: `id ${ID_NUMBER}` }, password: 'hunter2-hunter2' }, 'nested');
    logs.logger.error({ err: new Error(`lookup failed for ${ID_NUMBER}`) }, 'failure');
    const text = logs.lines.join('\n');
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('hunter2');
    expect(text).toContain('110***********002X');
    expect(text).toContain('张三');
  });

  it('keeps ID numbers sent in URLs, bodies and wrong fields out of the request log and the error response', async () => {
    const token = `Bearer ${tokenFor(h, 'PUBLIC_SECURITY_ADMIN')}`;
    const inQuery = await request(h.app).get(`/api/v1/api-keys?unitId=${ID_NUMBER}&note=${PHONE}`).set('Authorization', token);
    const inEnum = await request(h.app)
      .post('/api/v1/api-keys')
      .set('Authorization', token)
      .send({ name: 'x', clientClass: ID_NUMBER, unitIds: [UNIT_A] });
    expect(inEnum.body.error.code).toBe('VALIDATION_FAILED');
    const inScope = await request(h.app)
      .post('/api/v1/api-keys')
      .set('Authorization', token)
      .send({ name: 'x', clientClass: 'STATE_ORGAN', scopes: [PHONE], unitIds: [UNIT_A] });
    const signIn = await request(h.app).post('/api/v1/auth/sign-in').send({ username: ID_NUMBER, password: PHONE });
    for (const res of [inQuery, inEnum, inScope, signIn]) {
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.text).not.toContain(ID_NUMBER);
      expect(res.text).not.toContain(PHONE);
    }
    await h.security.auditLog.flush();
    const text = logs.lines.join('\n');
    expect(text).toContain('/api/v1/api-keys?unitId=110***********002X');
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain(PHONE);
  });

  it("stores the legal representative's ID number and phone encrypted, and answers only masked forms", async () => {
    const maker = { Authorization: `Bearer ${tokenFor(h, 'SEAL_MAKER_OPERATOR')}` };
    const registered = await request(h.app)
      .post('/api/v1/units')
      .set(maker)
      .send({
        name: '天津测试有限公司',
        uscc: newUscc(),
        category: 'ENTERPRISE',
        legalRepresentative: { name: '张三', idNumber: ID_NUMBER, phone: PHONE },
      });
    expect(registered.status).toBe(201);
    const fetched = await request(h.app)
      .get(`/api/v1/units/${registered.body.unitId ?? registered.body.id}`)
      .set(maker);
    for (const res of [registered, fetched]) {
      expect(res.text).not.toContain(ID_NUMBER);
      expect(res.text).not.toContain(PHONE);
    }
    expect(registered.text).toContain('002X');
    const stored =
      JSON.stringify(await h.mongo.connection.collection('units').find({}).toArray()) +
      JSON.stringify(await h.mongo.connection.collection('people').find({}).toArray()) +
      JSON.stringify(await h.mongo.connection.collection('audit').find({}).toArray());
    expect(stored).not.toContain(ID_NUMBER);
    expect(stored).not.toContain(PHONE);
    await h.security.auditLog.flush();
    expect(logs.lines.join('\n')).not.toContain(ID_NUMBER);
  });
});
