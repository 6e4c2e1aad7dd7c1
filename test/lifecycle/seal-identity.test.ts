/**
 * GB/T 38540 esID is the seal's code (印章编码): the seal data, the ledger, signing records and
 * verification reports name the seal by it, beside our internal id. Seals made before keep their
 * internal id as esID and stay usable and verifiable.
 */
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Certificate, decodeSeal, sm3Hex } from '@eseal/core';
import type { Caller } from '../../server/src/access';
import { bytesOf } from '../../server/src/store';
import { buildSeSeal } from '../../server/src/usecases/seals/seal-material';
import { samplePdf } from '../signing/support/signing-world';
import { api } from './api-helpers';
import { startHarness, type Harness } from './support/harness';
import { callerHeader, MAKER } from './support/test-caller-guard';
import { revocationMaterials } from './support/fixtures';

let h: Harness;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startHarness({ pinKdf: { log2N: 10, r: 8, p: 1 } });
  http = api(h.app);
}, 60_000);
afterAll(async () => h?.close());

const post = (caller: Caller, path: string, body: unknown) =>
  request(h.app)
    .post(`/api/v1${path}`)
    .set(callerHeader(caller))
    .send(body as object);
const verify = (pdf: Uint8Array) =>
  request(h.app)
    .post('/api/v1/verify')
    .set(callerHeader({ id: 'auditor', kind: 'person', roles: ['AUDITOR'] }))
    .set('content-type', 'application/pdf')
    .send(Buffer.from(pdf));

/** Files the seal (ACTIVE), lets its custodian replace the maker's PIN, and signs one approved sample. */
async function signOnce(unitId: string, seal: { sealId: string; filings: Array<{ filingId: string }> }, label: string) {
  const filingId = seal.filings[0]!.filingId;
  await h.services.filingPorts.store.markAcknowledged(filingId, { ackId: `ack-${filingId}`, filedAt: new Date().toISOString() });
  const custody = await h.services.store.models.custodians.findOne({ sealId: seal.sealId }).lean();
  const keeper: Caller = { id: 'acct-keeper', kind: 'person', roles: ['SEAL_CUSTODIAN'], unitId, personId: custody!.personId };
  const boss: Caller = { id: 'acct-boss', kind: 'person', roles: ['APPROVER'], unitId, personId: 'person_boss' };
  expect((await post(keeper, `/seals/${seal.sealId}/pin`, { currentPin: '135790', newPin: '246800' })).status).toBe(200);
  const pdf = await samplePdf(label);
  const use = await post(keeper, '/seal-use-requests', { sealId: seal.sealId, documentSm3: sm3Hex(pdf), purpose: label });
  expect((await post(boss, `/seal-use-requests/${use.body.id}/approve`, {})).status).toBe(200);
  const signed = await post(keeper, '/sign', {
    sealId: seal.sealId,
    pin: '246800',
    approvalId: use.body.id,
    document: Buffer.from(pdf).toString('base64'),
    placement: { page: 1, xMm: 30, yMm: 40 },
  });
  expect(signed.status).toBe(201);
  return { record: signed.body.record, pdf: new Uint8Array(Buffer.from(signed.body.signedPdf, 'base64')) };
}

describe('esID is the seal code', () => {
  it('writes the code into strict-DER seal data, keys the ledger by it, and signing records and reports carry code and id', async () => {
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT', { pin: '135790' });
    expect(seal.sealCode).toMatch(/^\d{13}$/);
    expect(seal.esID).toBe(seal.sealCode);

    const der = new Uint8Array(Buffer.from(seal.sesealDer, 'base64'));
    expect(decodeSeal(der).sealInfo.esID).toBe(seal.sealCode);
    // An independent DER reader agrees: one SEQUENCE spanning the whole buffer, the code as an IA5String.
    const file = join(mkdtempSync(join(tmpdir(), 'eseal-esid-')), 'seseal.der');
    writeFileSync(file, der);
    const parsed = execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', file], { encoding: 'utf8' });
    expect(parsed.split('\n')[0]).toMatch(
      new RegExp(`^\\s*0:d=0\\s+hl=\\d+ l=\\s*${der.length - (der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2)} cons: SEQUENCE`),
    );
    expect(parsed).toMatch(new RegExp(`IA5STRING\\s+:${seal.sealCode}`));

    expect((await h.services.ledger.getSeal(seal.sealCode)).sesealSm3).toBe(seal.sesealSm3);
    await expect(h.services.ledger.getSeal(seal.sealId)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const { record, pdf } = await signOnce(unit.unitId, seal as never, 'code as esID');
    expect(record).toMatchObject({ sealId: seal.sealId, sealCode: seal.sealCode });
    const report = await verify(pdf);
    expect(report.body).toMatchObject({ valid: true, signatures: [{ esID: seal.sealCode, sealId: seal.sealId }] });
    expect(report.body.signatures[0].checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([]);
  });

  it('gives a code to one seal only (409 SEAL_CODE_TAKEN), and a rejected application gives its code back', async () => {
    const unit = await http.registerUnit();
    const code = `120116${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    const first = await http.submit(MAKER, unit.unitId, 'CONTRACT', { sealCode: code });
    expect(first.status).toBe(201);
    const second = await http.submit(MAKER, unit.unitId, 'FINANCE', { sealCode: code });
    expect([second.status, second.body.error?.code]).toEqual([409, 'SEAL_CODE_TAKEN']);

    const rejected = await post(MAKER, `/seal-applications/${first.body.applicationId}/review`, {
      decision: 'REJECT',
      reason: 'wrong imprint',
    });
    expect(rejected.status).toBe(200);
    const again = await http.submit(MAKER, unit.unitId, 'CONTRACT', { sealCode: code });
    expect([again.status, again.body.sealCode]).toEqual([201, code]);
  });
});

describe('a seal made before esID was the code', () => {
  /** Rewrites a freshly made seal into the shape older versions stored: esID and ledger key = internal id. */
  async function asMadeBefore(sealId: string, uscc: string): Promise<void> {
    const store = h.services.store;
    const doc = (await store.seals.byId(sealId))!;
    const data = (await store.sealArtifacts.dataOf(doc))!;
    const certificate = Certificate.fromDer(bytesOf((await store.models.certificates.findById(doc.certificate!.serial).lean())!.der));
    const legacy = { ...doc, esId: undefined };
    const seseal = await buildSeSeal(
      h.services.deps,
      legacy,
      certificate,
      {
        png: data.imprintPng,
        widthMm: doc.imprintWidthMm!,
        heightMm: doc.imprintHeightMm!,
      },
      new Date(),
    );
    await store.sealArtifacts.save({ sealId, seseal: seseal.der, imprintPng: data.imprintPng, createdAt: new Date() });
    await store.models.seals.updateOne({ _id: sealId }, { $unset: { esId: 1 }, $set: { sesealSm3: seseal.sm3 } });
    await store.models.sealCodes.deleteOne({ _id: doc.sealCode });
    await h.services.ledger.issueSeal({
      sealId,
      unitId: uscc,
      kind: doc.kind,
      imprintSm3: doc.imprintSm3!,
      certSerial: doc.certificate!.serial,
      certSm3: doc.certificate!.sm3,
      sesealSm3: seseal.sm3,
      validFrom: doc.certificate!.notBefore,
      validTo: doc.certificate!.notAfter,
    });
  }

  it('keeps its internal id as esID and ledger key: it signs, verifies and is revoked on the ledger under that id', async () => {
    const unit = await http.registerUnit();
    const made = await http.makeSeal(unit.unitId, 'CONTRACT', { pin: '135790' });
    await asMadeBefore(made.sealId, unit.uscc);
    const seal = (await http.get(MAKER, `/seals/${made.sealId}`)).body;
    expect(seal.esID).toBe(seal.sealId);
    expect(decodeSeal(Buffer.from(seal.sesealDer, 'base64')).sealInfo.esID).toBe(seal.sealId);

    const { record, pdf } = await signOnce(unit.unitId, made as never, 'made before');
    expect(record).toMatchObject({ sealId: seal.sealId, sealCode: seal.sealId });
    const report = await verify(pdf);
    expect(report.body).toMatchObject({ valid: true, signatures: [{ esID: seal.sealId, sealId: seal.sealId }] });

    const revoked = await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
      reason: 'ESEAL_RETIRED',
      materials: revocationMaterials('RETIREMENT_DECISION'),
    });
    expect([revoked.status, revoked.body.ledgerSync.state]).toEqual([200, 'DONE']);
    expect((await h.services.ledger.getSeal(seal.sealId)).status).toBe('REVOKED');
  });
});
