/**
 * Attack: one person plays every part of 第十六条. Using an official seal needs approval by someone
 * other than whoever keeps and applies it; a unit administrator must not be able to arrange, alone,
 * to keep a seal, approve its use and sign. Four rules, each refusal a coded 403:
 * the approver's account is never the requester's; the seal's custodian cannot approve its use; an
 * account is bound only to a person of its own unit who has no other active account; one account
 * never holds both the custodian and the approver role.
 */
import { samplePdf, sm3Hex } from '../signing/support/signing-world';
import { materialsFor, newUscc, person } from '../lifecycle/support/fixtures';
import { request, startHarness, tokenFor, type SecureHarness } from './support';

// Several accounts, sign-ins and a seal per test, on a shared machine.
jest.setTimeout(120_000);

let h: SecureHarness;
beforeAll(async () => {
  h = await startHarness({ production: true });
}, 60_000);
afterAll(() => h.close());

type Res = { status: number; body: any };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const post = (token: string, path: string, body: unknown): Promise<Res> =>
  request(h.app)
    .post(`/api/v1${path}`)
    .set(bearer(token))
    .send(body as object);

function expectRefused(res: Res, rule: string): void {
  expect([res.status, res.body.error?.code, res.body.error?.details?.rule]).toEqual([403, 'SEPARATION_OF_DUTIES', rule]);
}

interface World {
  unitId: string;
  sealId: string;
  pin: string;
  legalRep: { name: string; idNumber: string; personId: string };
  custodianPersonId: string;
  admin: string;
  maker: string;
}

/** A unit with a made contract seal, through the API as the maker; the unit's administrator session. */
async function unitWithSeal(): Promise<World> {
  const maker = tokenFor(h, 'SEAL_MAKER_OPERATOR', undefined, 'person_maker');
  const legalRep = person('张三');
  const unit = await post(maker, '/units', {
    name: '天津分权测试有限公司',
    uscc: newUscc(),
    category: 'ENTERPRISE',
    legalRepresentative: legalRep,
  });
  expect(unit.status).toBe(201);
  const unitId = unit.body.unitId as string;
  const submitted = await post(maker, '/seal-applications', {
    unitId,
    kind: 'CONTRACT',
    channel: 'IN_PERSON',
    materials: materialsFor('CONTRACT'),
    custodian: person('李四'),
  });
  expect(submitted.status).toBe(201);
  expect((await post(maker, `/seal-applications/${submitted.body.applicationId}/review`, { decision: 'APPROVE' })).status).toBe(200);
  const pin = '135790';
  const made = await post(maker, '/seals', { applicationId: submitted.body.applicationId, initialPin: pin });
  expect(made.status).toBe(201);
  // Public security acknowledges the filing: the seal becomes ACTIVE.
  const filingId = made.body.filings[0].filingId as string;
  await h.services!.filingPorts.store.markAcknowledged(filingId, { ackId: `ack-${filingId}`, filedAt: new Date().toISOString() });
  return {
    unitId,
    sealId: made.body.sealId,
    pin,
    maker,
    legalRep: { ...legalRep, personId: unit.body.legalRepresentative.personId },
    custodianPersonId: made.body.custodian.personId,
    admin: tokenFor(h, 'UNIT_ADMIN', unitId, 'person_admin'),
  };
}

/** Creates the account as the unit administrator, signs in, replaces the one-time password: a working session. */
async function session(w: World, username: string, roles: string[], personId: string): Promise<{ accountId: string; token: string }> {
  const created = await post(w.admin, '/accounts', { username, roles, unitId: w.unitId, personId });
  expect(created.status).toBe(201);
  const first = await request(h.app).post('/api/v1/auth/sign-in').send({ username, password: created.body.oneTimePassword });
  await post(first.body.tokens.accessToken, '/auth/password', {
    currentPassword: created.body.oneTimePassword,
    newPassword: 'a-long-chosen-password',
  });
  const signedIn = await request(h.app).post('/api/v1/auth/sign-in').send({ username, password: 'a-long-chosen-password' });
  expect(signedIn.status).toBe(200);
  return { accountId: created.body.accountId, token: signedIn.body.tokens.accessToken };
}

async function useRequest(w: World, requester: string, label: string): Promise<{ id: string; pdf: Uint8Array }> {
  const pdf = await samplePdf(label);
  const res = await post(requester, '/seal-use-requests', { sealId: w.sealId, documentSm3: sm3Hex(pdf), purpose: label });
  expect(res.status).toBe(201);
  return { id: res.body.id, pdf };
}

describe('separation of duties (第十六条)', () => {
  it('refuses one account holding both the custodian and the approver role', async () => {
    const w = await unitWithSeal();
    const res = await post(w.admin, '/accounts', {
      username: 'keeper.and.judge',
      roles: ['SEAL_CUSTODIAN', 'APPROVER'],
      unitId: w.unitId,
      personId: w.custodianPersonId,
    });
    expectRefused(res, 'CUSTODIAN_AND_APPROVER');
  });

  it('binds an account only to a named person of its own unit', async () => {
    const w = await unitWithSeal();
    const other = await unitWithSeal();
    expectRefused(
      await post(w.admin, '/accounts', { username: 'unbound.approver', roles: ['APPROVER'], unitId: w.unitId }),
      'PERSON_REQUIRED',
    );
    expectRefused(
      await post(w.admin, '/accounts', {
        username: 'foreign.approver',
        roles: ['APPROVER'],
        unitId: w.unitId,
        personId: other.legalRep.personId,
      }),
      'PERSON_NOT_IN_UNIT',
    );
    expectRefused(
      await post(w.admin, '/accounts', {
        username: 'ghost.approver',
        roles: ['APPROVER'],
        unitId: w.unitId,
        personId: 'person_nobody_at_all',
      }),
      'PERSON_NOT_IN_UNIT',
    );
  });

  it('gives a person one active account, even when ten are created for them at once', async () => {
    const w = await unitWithSeal();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(w.admin, '/accounts', {
          username: `twin.${i}`,
          roles: [i % 2 ? 'APPROVER' : 'SEAL_CUSTODIAN'],
          unitId: w.unitId,
          personId: w.custodianPersonId,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const refused of results.filter((r) => r.status !== 201)) expectRefused(refused, 'PERSON_ALREADY_BOUND');
  });

  it('refuses an account approving its own use request', async () => {
    const w = await unitWithSeal();
    // An administrator who is also an approver, as accounts could be made before these rules.
    const dual = h.security.auth.tokens.issuePair({
      accountId: 'acct_admin_approver',
      roles: ['UNIT_ADMIN', 'APPROVER'],
      unitId: w.unitId,
      personId: 'person_dual',
    }).accessToken;
    const own = await useRequest(w, dual, 'own request');
    expectRefused(await post(dual, `/seal-use-requests/${own.id}/approve`, {}), 'APPROVER_IS_REQUESTER');
    // Without a person on the session, the account alone still decides.
    const unnamed = h.security.auth.tokens.issuePair({
      accountId: 'acct_unnamed',
      roles: ['UNIT_ADMIN', 'APPROVER'],
      unitId: w.unitId,
    }).accessToken;
    const unnamedRequest = await useRequest(w, unnamed, 'unnamed request');
    expectRefused(await post(unnamed, `/seal-use-requests/${unnamedRequest.id}/approve`, {}), 'APPROVER_IS_REQUESTER');
  });

  it("refuses the seal's custodian approving its use, after the seal was handed to the approver", async () => {
    const w = await unitWithSeal();
    const approver = await session(w, 'rep.approver', ['APPROVER'], w.legalRep.personId);
    // The administrator hands the seal to the legal representative, who already approves for the unit.
    const handover = await post(w.maker, `/seals/${w.sealId}/custodian`, {
      custodian: { name: w.legalRep.name, idNumber: w.legalRep.idNumber },
      currentPin: w.pin,
      newPin: '24681357',
    });
    expect([handover.status, handover.body.custodian?.personId]).toEqual([200, w.legalRep.personId]);
    const req = await useRequest(w, w.admin, 'custodian approves');
    expectRefused(await post(approver.token, `/seal-use-requests/${req.id}/approve`, {}), 'APPROVER_IS_CUSTODIAN');
  });

  it('lets two different people keep and approve: the custodian requests, the approver approves, the custodian signs', async () => {
    const w = await unitWithSeal();
    const keeper = await session(w, 'the.keeper', ['SEAL_CUSTODIAN'], w.custodianPersonId);
    const approver = await session(w, 'the.approver', ['APPROVER'], w.legalRep.personId);
    // The maker's PIN is one-time: the custodian sets their own first.
    expect((await post(keeper.token, `/seals/${w.sealId}/pin`, { currentPin: w.pin, newPin: '24680135' })).status).toBe(200);
    const req = await useRequest(w, keeper.token, 'proper approval');
    expect((await post(approver.token, `/seal-use-requests/${req.id}/approve`, {})).status).toBe(200);
    const signed = await post(keeper.token, '/sign', {
      sealId: w.sealId,
      pin: '24680135',
      approvalId: req.id,
      document: Buffer.from(req.pdf).toString('base64'),
      placement: { page: 1, xMm: 20, yMm: 20 },
    });
    expect(signed.status).toBe(201);
  });
});
