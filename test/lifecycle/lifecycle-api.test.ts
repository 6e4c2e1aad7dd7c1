import { Certificate, decodeSeal } from '@eseal/core';
import { startHarness, type Harness } from './support/harness';
import { api } from './api-helpers';
import { MAKER, PUBLIC_SECURITY, unitAdmin } from './support/test-caller-guard';
import { materialsFor, newResidentId, newUscc, person, revocationMaterials, wrongCheckDigit } from './support/fixtures';

let h: Harness;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startHarness();
  http = api(h.app);
}, 60_000);
afterAll(async () => h?.close());

describe('units', () => {
  it('registers a unit and never returns the clear resident ID', async () => {
    const idNumber = newResidentId();
    const res = await http.post(MAKER, '/units', {
      name: '天津甲公司',
      uscc: newUscc(),
      category: 'ENTERPRISE',
      legalRepresentative: { name: '张三丰', idNumber },
    });
    expect(res.status).toBe(201);
    expect(res.body.legalRepresentative).toMatchObject({
      name: '张**',
      idNumberMasked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
    });
    expect(JSON.stringify(res.body)).not.toContain(idNumber);
    const stored = await h.services.store.models.units.findById(res.body.unitId).lean();
    expect(JSON.stringify(stored)).not.toContain(idNumber);
    const got = await http.get(unitAdmin(res.body.unitId), `/units/${res.body.unitId}`);
    expect(got.status).toBe(200);
  });

  it('refuses a USCC with a wrong check character (422 INVALID_USCC)', async () => {
    const res = await http.post(MAKER, '/units', {
      name: '乙',
      uscc: wrongCheckDigit(newUscc()),
      category: 'ENTERPRISE',
      legalRepresentative: person('张三'),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_USCC');
  });

  it('refuses a resident ID with a wrong check digit (422 INVALID_RESIDENT_ID), without echoing it', async () => {
    const bad = wrongCheckDigit(newResidentId());
    const res = await http.post(MAKER, '/units', {
      name: '丙',
      uscc: newUscc(),
      category: 'ENTERPRISE',
      legalRepresentative: { name: '王五', idNumber: bad },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_RESIDENT_ID');
    expect(JSON.stringify(res.body)).not.toContain(bad.slice(0, 17));
  });

  it('refuses a second unit with the same USCC (409)', async () => {
    const uscc = newUscc();
    const body = { name: '丁', uscc, category: 'ENTERPRISE', legalRepresentative: person('张三') };
    expect((await http.post(MAKER, '/units', body)).status).toBe(201);
    const again = await http.post(MAKER, '/units', body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('UNIT_ALREADY_REGISTERED');
  });

  it('lets only makers and public security register units', async () => {
    const unit = await http.registerUnit();
    const res = await http.post(unitAdmin(unit.unitId), '/units', {
      name: '戊',
      uscc: newUscc(),
      category: 'ENTERPRISE',
      legalRepresentative: person('张三'),
    });
    expect(res.status).toBe(403);
  });
});

describe('applications and review', () => {
  it('refuses an application with missing materials (422 APPLICATION_INCOMPLETE)', async () => {
    const unit = await http.registerUnit();
    const res = await http.submit(MAKER, unit.unitId, 'CONTRACT', { materials: materialsFor('CONTRACT').slice(1) });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('APPLICATION_INCOMPLETE');
    expect(res.body.error.details.missing).toEqual(['APPLICATION_FORM']);
  });

  it('needs the agent and the authorisation letter when an agent applies (第十条)', async () => {
    const unit = await http.registerUnit();
    const inPersonMaterials = await http.submit(MAKER, unit.unitId, 'CONTRACT', { channel: 'AGENT', agent: person('赵六') });
    expect(inPersonMaterials.status).toBe(422);
    expect(inPersonMaterials.body.error.details.missing).toEqual(['AGENT_ID', 'AUTHORISATION_LETTER']);
    const noAgent = await http.submit(MAKER, unit.unitId, 'CONTRACT', { channel: 'AGENT', materials: materialsFor('CONTRACT', 'AGENT') });
    expect(noAgent.status).toBe(422);
    const agent = person('赵六');
    const custodian = person('李四');
    const ok = await http.submit(MAKER, unit.unitId, 'CONTRACT', {
      channel: 'AGENT',
      materials: materialsFor('CONTRACT', 'AGENT'),
      agent,
      custodian,
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'SUBMITTED', channel: 'AGENT', agent: { name: '赵*' }, custodian: { name: '李*' } });
    for (const text of [
      JSON.stringify(ok.body),
      JSON.stringify((await http.get(MAKER, `/seal-applications/${ok.body.applicationId}`)).body),
    ]) {
      expect(text).not.toContain(agent.idNumber);
      expect(text).not.toContain(custodian.idNumber);
    }
    const stored = await h.services.store.models.people.find({ unitId: unit.unitId }).lean();
    expect(JSON.stringify(stored)).not.toContain(agent.idNumber);
  });

  it('rejects with a reason, and a rejected application cannot be made (409)', async () => {
    const unit = await http.registerUnit();
    const app = await http.submit(unitAdmin(unit.unitId), unit.unitId, 'FINANCE');
    expect(app.status).toBe(201);
    const noReason = await http.post(MAKER, `/seal-applications/${app.body.applicationId}/review`, { decision: 'REJECT', reason: '' });
    expect(noReason.status).toBe(400);
    const rejected = await http.post(MAKER, `/seal-applications/${app.body.applicationId}/review`, {
      decision: 'REJECT',
      reason: '营业执照已过期',
    });
    expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectionReason: '营业执照已过期' });
    const make = await http.post(MAKER, '/seals', { applicationId: app.body.applicationId, initialPin: '123456' });
    expect(make.status).toBe(409);
    expect(make.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('refuses to make an application that was never approved (409)', async () => {
    const unit = await http.registerUnit();
    const app = await http.submit(MAKER, unit.unitId, 'CONTRACT');
    const make = await http.post(MAKER, '/seals', { applicationId: app.body.applicationId, initialPin: '123456' });
    expect(make.status).toBe(409);
    expect(make.body.error.code).toBe('INVALID_TRANSITION');
    expect(await h.services.store.models.sealKeys.countDocuments({ sealId: app.body.sealId })).toBe(0);
  });

  it('allows one live legal-name seal per unit, and many contract seals', async () => {
    const unit = await http.registerUnit();
    expect((await http.submit(MAKER, unit.unitId, 'LEGAL_NAME')).status).toBe(201);
    const second = await http.submit(MAKER, unit.unitId, 'LEGAL_NAME');
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('DUPLICATE_LEGAL_NAME_SEAL');
    expect((await http.submit(MAKER, unit.unitId, 'CONTRACT')).status).toBe(201);
    expect((await http.submit(MAKER, unit.unitId, 'CONTRACT')).status).toBe(201);
  });

  it('keeps the legal-name rule under a race: of concurrent applications exactly one wins', async () => {
    const unit = await http.registerUnit();
    const results = await Promise.all(Array.from({ length: 4 }, () => http.submit(MAKER, unit.unitId, 'LEGAL_NAME')));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await h.services.store.models.seals.countDocuments({ unitId: unit.unitId, kind: 'LEGAL_NAME' })).toBe(1);
  });

  it("denies another unit's admin (403 via assertAllowed) without saying whether it exists", async () => {
    const mine = await http.registerUnit();
    const theirs = await http.registerUnit();
    const app = await http.submit(unitAdmin(theirs.unitId), theirs.unitId, 'CONTRACT');
    const crossRead = await http.get(unitAdmin(mine.unitId), `/seal-applications/${app.body.applicationId}`);
    expect(crossRead.status).toBe(403);
    expect(crossRead.body.error.code).toBe('FORBIDDEN');
    const crossSubmit = await http.submit(unitAdmin(mine.unitId), theirs.unitId, 'CONTRACT');
    expect(crossSubmit.status).toBe(403);
    const crossUnit = await http.get(unitAdmin(mine.unitId), `/units/${theirs.unitId}`);
    expect(crossUnit.status).toBe(403);
    const unitAdminReview = await http.post(unitAdmin(theirs.unitId), `/seal-applications/${app.body.applicationId}/review`, {
      decision: 'APPROVE',
    });
    expect(unitAdminReview.status).toBe(403);
  });
});

describe('making a seal', () => {
  it('makes key, certificate, imprint and SESeal, puts the hashes on the ledger, and leaks no secrets', async () => {
    const unit = await http.registerUnit('天津制作测试有限公司');
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT');
    expect(seal).toMatchObject({ status: 'MADE', kind: 'CONTRACT', imprintSource: 'RENDERED', ledgerSync: { state: 'DONE' } });
    expect(seal.filings).toEqual([expect.objectContaining({ action: 'MADE', state: 'PENDING' })]);

    // Seal validity = certificate validity, and the SESeal binds the certificate and the imprint.
    const decoded = decodeSeal(Buffer.from(seal.sesealDer, 'base64'));
    const certDer = decoded.sealInfo.property.certList.kind === 'certs' ? decoded.sealInfo.property.certList.certs[0]! : undefined;
    const certificate = Certificate.fromDer(certDer!);
    expect(certificate.notAfter.toISOString()).toBe(seal.certificate.notAfter);
    expect(decoded.sealInfo.property.validEnd.toISOString()).toBe(seal.certificate.notAfter);
    // GB/T 38540 esID is the seal code (印章编码), not our database id.
    expect(seal.sealCode).toMatch(/^\d{13}$/);
    expect([decoded.sealInfo.esID, seal.esID]).toEqual([seal.sealCode, seal.sealCode]);

    // Ledger: imprint, certificate and SESeal hashes, unit USCC, no personal data.
    const onChain = await h.services.ledger.getSeal(seal.esID);
    expect(onChain).toMatchObject({
      sealId: seal.sealCode,
      unitId: unit.uscc,
      kind: 'CONTRACT',
      status: 'ACTIVE',
      imprintSm3: seal.imprintSm3,
      certSerial: seal.certificate.serial,
      certSm3: seal.certificate.sm3,
      sesealSm3: seal.sesealSm3,
      validTo: seal.certificate.notAfter,
    });
    expect(seal.ledgerSync.ops[0].txId).toBe(onChain.timeline[0]!.txId);
    const history = await http.get(PUBLIC_SECURITY, `/seals/${seal.sealId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(1);

    // No private key or clear ID anywhere in the response; the stored key is a wrapped blob.
    const key = await h.services.store.models.sealKeys.findOne({ sealId: seal.sealId }).lean();
    const text = JSON.stringify(seal);
    expect(text).not.toMatch(/wrapped|privateKey|idNumber"/);
    expect(Buffer.from(key!.wrapped.buffer).subarray(0, 4).toString()).toBe('ESKW');

    const audit = await h.services.store.audit.find({ sealId: seal.sealId }).sort({ at: 1 }).lean();
    expect(audit.map((a) => a.action)).toEqual(['SUBMIT', 'APPROVE', 'MAKE']);
    expect(audit[2]).toMatchObject({ actor: { id: MAKER.id, role: 'SEAL_MAKER_OPERATOR' }, from: 'APPROVED', to: 'MADE' });
  });

  it('lists seals by unit, status and kind with cursor pages; a unit admin only sees their own unit', async () => {
    const unit = await http.registerUnit();
    await http.submit(MAKER, unit.unitId, 'CONTRACT');
    await http.submit(MAKER, unit.unitId, 'CONTRACT');
    await http.submit(MAKER, unit.unitId, 'FINANCE');
    const page1 = await http.get(unitAdmin(unit.unitId), `/seals?kind=CONTRACT&limit=1`);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    expect(page1.body.items[0].custodian).toMatchObject({ name: '李*', idNumberMasked: expect.stringMatching(/^\d{4}\*{10}[\dX]{4}$/) });
    const page2 = await http.get(unitAdmin(unit.unitId), `/seals?kind=CONTRACT&limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.items[0].sealId).not.toBe(page1.body.items[0].sealId);
    expect(page2.body.nextCursor).toBeUndefined();
    const submitted = await http.get(MAKER, `/seals?unitId=${unit.unitId}&status=SUBMITTED`);
    expect(submitted.body.items).toHaveLength(3);
    const other = await http.registerUnit();
    expect((await http.get(unitAdmin(other.unitId), `/seals?unitId=${unit.unitId}`)).status).toBe(403);
    expect((await http.get(unitAdmin(other.unitId), `/seals`)).body).toEqual({ items: [] });
  });
});

describe('revocation', () => {
  it('refuses a reason not on the 第二十一条 list (422) and missing materials (422)', async () => {
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT');
    const bad = await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
      reason: 'BORED',
      materials: revocationMaterials('RETIREMENT_DECISION'),
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('INVALID_REVOCATION_REASON');
    const missing = await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
      reason: 'KEY_LEAKED',
      materials: revocationMaterials('RETIREMENT_DECISION'),
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('APPLICATION_INCOMPLETE');
    expect((await h.services.ledger.getSeal(seal.esID)).status).toBe('ACTIVE');
  });

  it('revokes on the record, at the CA and on the ledger; a revoked seal cannot change (409)', async () => {
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'FINANCE');
    const res = await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
      reason: 'SEAL_LOST_OR_STOLEN',
      materials: revocationMaterials('LOSS_OR_THEFT_REPORT'),
      reportedCompromiseAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'REVOKED', revocation: { reason: 'SEAL_LOST_OR_STOLEN' }, ledgerSync: { state: 'DONE' } });
    expect(res.body.filings.map((f: { action: string }) => f.action)).toEqual(['MADE', 'REVOKED']);
    const onChain = await h.services.ledger.getSeal(seal.esID);
    expect(onChain).toMatchObject({ status: 'REVOKED', revocation: { reason: 'SEAL_LOST_OR_STOLEN' } });
    const crl = await h.services.deps.certificates.ca.currentCrl();
    expect(JSON.stringify(crl, (_k, v) => (typeof v === 'bigint' ? v.toString(16) : v))).toContain(
      seal.certificate.serial.replace(/^0/, ''),
    );
    expect((await h.services.store.models.certificates.findById(seal.certificate.serial).lean())?.status).toBe('REVOKED');

    const change = await http.post(MAKER, `/seals/${seal.sealId}/custodian`, {
      custodian: person('钱七'),
      currentPin: '123456',
      newPin: '654321',
    });
    expect(change.status).toBe(409);
    expect(change.body.error.code).toBe('INVALID_TRANSITION');
    const renew = await http.post(MAKER, `/seals/${seal.sealId}/renew`, {});
    expect(renew.status).toBe(409);
    const again = await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
      reason: 'KEY_LEAKED',
      materials: revocationMaterials('KEY_LEAK_STATEMENT'),
    });
    expect(again.status).toBe(409);
  });

  it('lets exactly one of two concurrent revocations win; the loser changes nothing (409)', async () => {
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT');
    const body = { reason: 'ESEAL_RETIRED', materials: revocationMaterials('RETIREMENT_DECISION') };
    const results = await Promise.all([
      http.post(MAKER, `/seals/${seal.sealId}/revoke`, body),
      http.post(PUBLIC_SECURITY, `/seals/${seal.sealId}/revoke`, body),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const stored = await h.services.store.models.seals.findById(seal.sealId).lean();
    expect(stored!.ledgerOps.filter((o) => o.type === 'REVOKE')).toHaveLength(1);
    expect(stored!.filings.filter((f) => f.action === 'REVOKED')).toHaveLength(1);
    expect(await h.services.store.audit.countDocuments({ sealId: seal.sealId, action: 'REVOKE' })).toBe(1);
    expect((await h.services.ledger.getSeal(seal.esID)).timeline.map((e) => e.event)).toEqual(['ISSUED', 'REVOKED']);
  });

  it('frees the legal-name slot once the legal-name seal is revoked', async () => {
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'LEGAL_NAME');
    expect((await http.submit(MAKER, unit.unitId, 'LEGAL_NAME')).status).toBe(409);
    await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
      reason: 'ESEAL_RETIRED',
      materials: revocationMaterials('RETIREMENT_DECISION'),
    });
    expect((await http.submit(MAKER, unit.unitId, 'LEGAL_NAME')).status).toBe(201);
  });
});
