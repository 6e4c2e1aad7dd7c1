import { decodeSeal } from '@eseal/core';
import { startHarness, type Harness } from './support/harness';
import { api } from './api-helpers';
import { MAKER, unitAdmin } from './support/test-caller-guard';
import { allMaterials, materialsFor, person, revocationMaterials } from './support/fixtures';

let h: Harness;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startHarness();
  http = api(h.app);
}, 60_000);
afterAll(async () => h?.close());

/** A seal past filing: the test plays the filing acknowledgement through the real store port. */
async function activeSeal(unitId: string, kind: string, validityDays?: number) {
  const seal = await http.makeSeal(unitId, kind, validityDays ? { validityDays } : {});
  const filing = seal.filings[0];
  await h.services.filingPorts.store.markAcknowledged(filing.filingId, {
    ackId: `ack-${filing.filingId}`,
    filedAt: new Date().toISOString(),
  });
  const active = await http.get(MAKER, `/seals/${seal.sealId}`);
  expect(active.body.status).toBe('ACTIVE');
  return active.body as Record<string, any>;
}

describe('renewal (第十三条/第二十条)', () => {
  it('is refused outside the 30 days before expiry (409 RENEWAL_WINDOW_CLOSED), and the CA is not asked', async () => {
    const unit = await http.registerUnit();
    const seal = await activeSeal(unit.unitId, 'CONTRACT', 365);
    const certificates = await h.services.store.models.certificates.countDocuments({ sealId: seal.sealId });
    const res = await http.post(MAKER, `/seals/${seal.sealId}/renew`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('RENEWAL_WINDOW_CLOSED');
    expect(await h.services.store.models.certificates.countDocuments({ sealId: seal.sealId })).toBe(certificates);
  });

  it('inside the window: new certificate, new SESeal, same imprint; validity = new certificate validity; on the ledger', async () => {
    const unit = await http.registerUnit();
    const seal = await activeSeal(unit.unitId, 'CONTRACT', 20);
    const res = await http.post(MAKER, `/seals/${seal.sealId}/renew`, { validityDays: 365 });
    expect(res.status).toBe(200);
    const renewed = res.body;
    expect(renewed).toMatchObject({ sealId: seal.sealId, status: 'ACTIVE', imprintSm3: seal.imprintSm3, ledgerSync: { state: 'DONE' } });
    expect(renewed.certificate.serial).not.toBe(seal.certificate.serial);
    expect(renewed.sesealSm3).not.toBe(seal.sesealSm3);
    expect(Date.parse(renewed.certificate.notAfter)).toBe(Date.parse(seal.certificate.notAfter) + 365 * 86400_000);
    const decoded = decodeSeal(Buffer.from(renewed.sesealDer, 'base64'));
    expect(decoded.sealInfo.property.validEnd.toISOString()).toBe(renewed.certificate.notAfter);
    const onChain = await h.services.ledger.getSeal(seal.esID);
    expect(onChain).toMatchObject({
      certSerial: renewed.certificate.serial,
      validTo: renewed.certificate.notAfter,
      imprintSm3: seal.imprintSm3,
    });
    expect(onChain.timeline.map((e) => e.event)).toEqual(['ISSUED', 'RENEWED']);
    expect(renewed.filings.map((f: { action: string }) => f.action)).toEqual(['MADE', 'RENEWED']);
  });

  it('is refused for a seal that is not active yet (409)', async () => {
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT', { validityDays: 20 });
    const res = await http.post(MAKER, `/seals/${seal.sealId}/renew`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_TRANSITION');
  });
});

describe('change of custodian', () => {
  it('needs the current PIN (403 WRONG_PIN), then re-wraps the key and records the change on the ledger', async () => {
    const unit = await http.registerUnit();
    const seal = await activeSeal(unit.unitId, 'FINANCE');
    const before = await h.services.store.models.seals.findById(seal.sealId).lean();
    const wrong = await http.post(unitAdmin(unit.unitId), `/seals/${seal.sealId}/custodian`, {
      custodian: person('钱七'),
      currentPin: '000000',
      newPin: '654321',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('WRONG_PIN');
    const res = await http.post(unitAdmin(unit.unitId), `/seals/${seal.sealId}/custodian`, {
      custodian: person('钱七'),
      currentPin: '123456',
      newPin: '654321',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ACTIVE',
      custodian: { name: '钱*' },
      certificate: seal.certificate,
      imprintSm3: seal.imprintSm3,
    });
    expect(res.body.custodian.personId).not.toBe(seal.custodian.personId);
    // The re-wrapped key is a new key document the seal switched to in the same commit; the outgoing
    // custodian's blob is gone.
    const stored = await h.services.store.models.seals.findById(seal.sealId).lean();
    const keys = await h.services.store.models.sealKeys.find({ sealId: seal.sealId }).lean();
    expect(keys.map((k) => k._id)).toEqual([stored!.keyId]);
    expect(stored!.keyId).not.toBe(before!.keyId);
    const key = keys[0]!;
    const keyId = key._id;
    await expect(h.services.deps.keyVault.unwrap(Buffer.from(key.wrapped.buffer), '654321', keyId)).resolves.toBeDefined();
    await expect(h.services.deps.keyVault.unwrap(Buffer.from(key.wrapped.buffer), '123456', keyId)).rejects.toMatchObject({
      code: 'WRONG_PIN',
    });
    const onChain = await h.services.ledger.getSeal(seal.esID);
    expect(onChain.timeline.map((e) => e.event)).toEqual(['ISSUED', 'CHANGED']);
    expect(onChain.sesealSm3).toBe(res.body.sesealSm3);
    const custody = await h.services.store.models.custodians.find({ sealId: seal.sealId }).sort({ from: 1 }).lean();
    expect(custody).toHaveLength(2);
    expect(custody[0]!.to).toBeDefined();
    const audit = await h.services.store.audit.findOne({ sealId: seal.sealId, action: 'CHANGE_CUSTODIAN' }).lean();
    expect(audit?.actor.id).toBe(`admin-${unit.unitId}`);
  });

  it('is refused on a position seal: it stays with the person named on it (409)', async () => {
    const unit = await http.registerUnit();
    const seal = await activeSeal(unit.unitId, 'LEGAL_REPRESENTATIVE');
    const res = await http.post(MAKER, `/seals/${seal.sealId}/custodian`, {
      custodian: person('钱七'),
      currentPin: '123456',
      newPin: '654321',
    });
    expect(res.status).toBe(409);
  });
});

describe('name change = re-issue + revoke', () => {
  it('opens a re-issue; making it revokes the old legal-name seal first, on the ledger too', async () => {
    const unit = await http.registerUnit('天津旧名有限公司');
    const old = await activeSeal(unit.unitId, 'LEGAL_NAME');
    const noRevocationMaterials = await http.post(MAKER, `/seals/${old.sealId}/rename`, {
      newName: '天津新名有限公司',
      channel: 'IN_PERSON',
      materials: materialsFor('LEGAL_NAME'),
    });
    expect(noRevocationMaterials.status).toBe(422);
    const sameName = await http.post(MAKER, `/seals/${old.sealId}/rename`, {
      newName: '天津旧名有限公司',
      channel: 'IN_PERSON',
      materials: [...materialsFor('LEGAL_NAME'), ...revocationMaterials('PHYSICAL_SEAL_RETIREMENT_PROOF')],
    });
    expect(sameName.status).toBe(400);
    const reissue = await http.post(MAKER, `/seals/${old.sealId}/rename`, {
      newName: '天津新名有限公司',
      channel: 'IN_PERSON',
      materials: [...materialsFor('LEGAL_NAME'), ...revocationMaterials('PHYSICAL_SEAL_RETIREMENT_PROOF')],
    });
    expect(reissue.status).toBe(201);
    expect(reissue.body).toMatchObject({
      kind: 'LEGAL_NAME',
      displayName: '天津新名有限公司',
      replacingSealId: old.sealId,
      status: 'SUBMITTED',
    });
    // The old seal is still live until the new one is made; a second re-issue is refused.
    expect((await http.get(MAKER, `/seals/${old.sealId}`)).body.status).toBe('ACTIVE');
    await http.post(MAKER, `/seal-applications/${reissue.body.applicationId}/review`, { decision: 'APPROVE' });
    const made = await http.post(MAKER, '/seals', { applicationId: reissue.body.applicationId, initialPin: '123456' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'MADE', displayName: '天津新名有限公司', ledgerSync: { state: 'DONE' } });
    const oldNow = (await http.get(MAKER, `/seals/${old.sealId}`)).body;
    expect(oldNow).toMatchObject({
      status: 'REVOKED',
      revocation: { reason: 'PHYSICAL_SEAL_RETIRED' },
      replacedBySealId: made.body.sealId,
    });
    expect((await h.services.ledger.getSeal(old.esID)).status).toBe('REVOKED');
    expect((await h.services.ledger.getSeal(made.body.esID)).status).toBe('ACTIVE');
  });

  it('is refused for a seal that is not active (409)', async () => {
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT');
    const res = await http.post(MAKER, `/seals/${seal.sealId}/rename`, {
      newName: '新名',
      channel: 'IN_PERSON',
      materials: [...materialsFor('CONTRACT'), ...revocationMaterials('PHYSICAL_SEAL_RETIREMENT_PROOF')],
    });
    expect(res.status).toBe(409);
  });
});

describe('expiry sweep', () => {
  it('marks ACTIVE seals past notAfter EXPIRED, leaves the others, and is audited', async () => {
    const unit = await http.registerUnit();
    const short = await activeSeal(unit.unitId, 'CONTRACT', 5);
    const long = await activeSeal(unit.unitId, 'CONTRACT', 365);
    const result = await h.services.sweep(new Date(Date.now() + 6 * 86400_000));
    expect(result.expired).toContain(short.sealId);
    expect(result.expired).not.toContain(long.sealId);
    expect((await http.get(MAKER, `/seals/${short.sealId}`)).body.status).toBe('EXPIRED');
    expect((await http.get(MAKER, `/seals/${long.sealId}`)).body.status).toBe('ACTIVE');
    const audit = await h.services.store.audit.findOne({ sealId: short.sealId, action: 'EXPIRE' }).lean();
    expect(audit).toMatchObject({ from: 'ACTIVE', to: 'EXPIRED', actor: { id: 'system' } });
    const again = await h.services.sweep(new Date(Date.now() + 6 * 86400_000));
    expect(again.expired).not.toContain(short.sealId);
  });
});

describe('starter package', () => {
  it('issues the four seals in one call; a second call is refused (409) before anything is made', async () => {
    const unit = await http.registerUnit();
    const body = {
      channel: 'AGENT',
      materials: allMaterials(),
      custodian: person('孙八'),
      custodianPin: '246810',
      legalRepresentativePin: '135791',
      agent: person('周九'),
    };
    const res = await http.post(MAKER, `/units/${unit.unitId}/starter-package`, body);
    expect(res.status).toBe(201);
    expect(res.body.seals.map((s: { kind: string }) => s.kind)).toEqual(['LEGAL_NAME', 'FINANCE', 'CONTRACT', 'LEGAL_REPRESENTATIVE']);
    expect(
      res.body.seals.every((s: { status: string; ledgerSync: { state: string } }) => s.status === 'MADE' && s.ledgerSync.state === 'DONE'),
    ).toBe(true);
    const legalRep = res.body.seals[3];
    expect(legalRep.displayName).toBe('张三');
    const before = await h.services.store.models.seals.countDocuments({ unitId: unit.unitId });
    const again = await http.post(MAKER, `/units/${unit.unitId}/starter-package`, body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DUPLICATE_LEGAL_NAME_SEAL');
    expect(await h.services.store.models.seals.countDocuments({ unitId: unit.unitId })).toBe(before);
    const byAdmin = await http.post(unitAdmin(unit.unitId), `/units/${unit.unitId}/starter-package`, body);
    expect(byAdmin.status).toBe(403);
  });
});
