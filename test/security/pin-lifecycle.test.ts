/**
 * Attack: sign with a PIN someone else chose. The maker sets a seal's first PIN and an administrator
 * types the incoming custodian's PIN at a handover; both then know it. Such a PIN is one-time: the
 * custodian must replace it before the first signing, and only the custodian (or a position seal's
 * holder) can change a PIN - never the unit administrator or the maker.
 */
import request from 'supertest';
import type { Caller } from '../../server/src/access';
import { api } from '../lifecycle/api-helpers';
import { person } from '../lifecycle/support/fixtures';
import { startHarness, type Harness } from '../lifecycle/support/harness';
import { MAKER, callerHeader, unitAdmin } from '../lifecycle/support/test-caller-guard';
import { ackFiling } from '../signing/support/lifecycle-signing';
import { samplePdf, sm3Hex } from '../signing/support/signing-world';

let h: Harness;
let http: ReturnType<typeof api>;
beforeAll(async () => {
  h = await startHarness();
  http = api(h.app);
}, 60_000);
afterAll(async () => h?.close());

const post = (caller: Caller, path: string, body: unknown) =>
  request(h.app)
    .post(`/api/v1${path}`)
    .set(callerHeader(caller))
    .send(body as object);
const boss = (unitId: string): Caller => ({ id: 'acct-boss', kind: 'person', roles: ['APPROVER'], unitId, personId: 'person_boss' });

/** A made, filed contract seal whose key is still under the maker's initial PIN. */
async function freshSeal(initialPin = '112233') {
  const unit = await http.registerUnit();
  const made = await http.makeSeal(unit.unitId, 'CONTRACT', { pin: initialPin });
  await ackFiling(h, made.filings[0].filingId);
  const custody = await h.services.store.models.custodians.findOne({ sealId: made.sealId }).lean();
  const keeper: Caller = { id: 'acct-keeper', kind: 'person', roles: ['SEAL_CUSTODIAN'], unitId: unit.unitId, personId: custody!.personId };
  return { sealId: made.sealId as string, unitId: unit.unitId, initialPin, keeper };
}

async function sign(seal: { sealId: string; unitId: string }, signer: Caller, pin: string, label: string) {
  const pdf = await samplePdf(label);
  const use = await post(signer, '/seal-use-requests', { sealId: seal.sealId, documentSm3: sm3Hex(pdf), purpose: label });
  await post(boss(seal.unitId), `/seal-use-requests/${use.body.id}/approve`, {});
  return post(signer, '/sign', {
    sealId: seal.sealId,
    pin,
    approvalId: use.body.id,
    document: Buffer.from(pdf).toString('base64'),
    placement: { page: 1, xMm: 20, yMm: 20 },
  });
}

const changePin = (seal: { sealId: string }, caller: Caller, currentPin: string, newPin: string) =>
  post(caller, `/seals/${seal.sealId}/pin`, { currentPin, newPin });

describe('one-time PINs', () => {
  it("refuses to sign with the maker's initial PIN until the custodian has replaced it", async () => {
    const seal = await freshSeal();
    const refused = await sign(seal, seal.keeper, seal.initialPin, 'maker pin');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'PIN_CHANGE_REQUIRED']);
    expect((await changePin(seal, seal.keeper, seal.initialPin, '445566')).status).toBe(200);
    expect((await sign(seal, seal.keeper, seal.initialPin, 'old pin')).body.error.code).toBe('WRONG_PIN');
    expect((await sign(seal, seal.keeper, '445566', 'own pin')).status).toBe(201);
  });

  it('makes the PIN an administrator typed at a handover one-time as well', async () => {
    const seal = await freshSeal();
    await changePin(seal, seal.keeper, seal.initialPin, '445566');
    expect(
      (await post(MAKER, `/seals/${seal.sealId}/custodian`, { custodian: person('赵六'), currentPin: '445566', newPin: '778899' })).status,
    ).toBe(200);
    const successor = await h.services.store.models.custodians.findOne({ sealId: seal.sealId, to: null }).lean();
    const newKeeper: Caller = { ...seal.keeper, id: 'acct-new-keeper', personId: successor!.personId };
    expect((await sign(seal, newKeeper, '778899', 'handover pin')).body.error.code).toBe('PIN_CHANGE_REQUIRED');
    expect((await changePin(seal, newKeeper, '778899', '102938')).status).toBe(200);
    expect((await sign(seal, newKeeper, '102938', 'successor pin')).status).toBe(201);
  });
});

describe('who may change a PIN', () => {
  it("is the custodian only: not the unit administrator, the maker, or another unit's custodian", async () => {
    const seal = await freshSeal();
    const other = await freshSeal();
    for (const caller of [unitAdmin(seal.unitId), MAKER, other.keeper]) {
      const res = await changePin(seal, caller, seal.initialPin, '445566');
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await changePin(seal, seal.keeper, seal.initialPin, '445566')).status).toBe(200);
  });

  it('counts wrong current PINs against the signing lock', async () => {
    const seal = await freshSeal();
    for (let i = 1; i <= 4; i++)
      expect((await changePin(seal, seal.keeper, '000000', '445566')).body.error.details.remainingAttempts).toBe(5 - i);
    expect((await changePin(seal, seal.keeper, '000000', '445566')).body.error.code).toBe('SEAL_LOCKED');
    expect((await changePin(seal, seal.keeper, seal.initialPin, '445566')).body.error.code).toBe('SEAL_LOCKED');
  });

  it('changes the PIN once when two changes race from the same PIN', async () => {
    const seal = await freshSeal();
    const [a, b] = await Promise.all([
      changePin(seal, seal.keeper, seal.initialPin, '445566'),
      changePin(seal, seal.keeper, seal.initialPin, '665544'),
    ]);
    const winners = [a, b].filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    const winningPin = a.status === 200 ? '445566' : '665544';
    const losingPin = a.status === 200 ? '665544' : '445566';
    expect((await sign(seal, seal.keeper, losingPin, 'losing pin')).body.error.code).toBe('WRONG_PIN');
    expect((await sign(seal, seal.keeper, winningPin, 'winning pin')).status).toBe(201);
    expect(await h.services.store.models.sealKeys.countDocuments({ sealId: seal.sealId })).toBe(1);
  });
});
