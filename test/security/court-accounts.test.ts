import request from 'supertest';
import { startHarness, tokenFor, type SecureHarness } from './support';

describe('court accounts (COURT): made by public security, the role alone, no unit', () => {
  let h: SecureHarness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h.close());

  const create = (token: string, body: object) =>
    request(h.app).post('/api/v1/accounts').set('Authorization', `Bearer ${token}`).send(body);

  it('public security creates one; a court account with another role or a unit is refused', async () => {
    const ps = tokenFor(h, 'PUBLIC_SECURITY_ADMIN');
    expect((await create(ps, { username: 'court.hz.1', roles: ['COURT'] })).status).toBe(201);
    for (const body of [
      { username: 'court.hz.2', roles: ['COURT', 'AUDITOR'] },
      { username: 'court.hz.3', roles: ['COURT'], unitId: 'unit_a' },
    ]) {
      const res = await create(ps, body);
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('a unit administrator cannot make a court account', async () => {
    const res = await create(tokenFor(h, 'UNIT_ADMIN'), { username: 'court.fake', roles: ['COURT'] });
    expect(res.status).toBe(403);
  });
});
