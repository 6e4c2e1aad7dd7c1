import {
  approver,
  auditor,
  custodian,
  holder,
  createSigningWorld,
  samplePdf,
  sm3Hex,
  type SigningWorld,
  type TestSeal,
} from './support/signing-world';
import { approvedUse, as, pdfOf, signBody } from './support/api';
import { inspectPdfSignatures, POINTS_PER_MM } from '@eseal/core';

const UNIT = 'unit_signing_a';
const OTHER_UNIT = 'unit_signing_b';
const CUSTODIAN = 'person_custodian_a';

describe('signing API: approvals, PIN, authorisation, multi-party signing, verification', () => {
  let world: SigningWorld;
  let contractSeal: TestSeal;
  const keeper = custodian(UNIT, CUSTODIAN);
  const boss = approver(UNIT);

  beforeAll(async () => {
    world = await createSigningWorld();
    contractSeal = await world.addSeal({ unitId: UNIT, kind: 'CONTRACT', actingPersonId: CUSTODIAN });
  });
  afterAll(async () => world?.close());

  it('signs an official seal with an approval, and the signed PDF verifies through the API', async () => {
    const pdf = await samplePdf('approved contract');
    const approvalId = await approvedUse(world, keeper, boss, contractSeal, pdf);
    const res = await as(world, keeper).post('/sign', signBody(contractSeal, pdf, { approvalId, reason: '合同盖章' }));
    expect(res.status).toBe(201);
    expect(res.body.record).toMatchObject({
      sealId: contractSeal.sealId,
      sealCode: contractSeal.sealCode,
      approvalId,
      documentSm3Before: sm3Hex(pdf),
      anchor: { state: 'PENDING' },
    });
    const signed = pdfOf(res.body);
    expect(res.body.record.documentSm3After).toBe(sm3Hex(signed));
    expect(Buffer.from(signed.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true); // incremental: original bytes untouched

    const report = await as(world, auditor()).verify(signed);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ valid: true, modified: false });
    const checks = report.body.signatures[0].checks as Array<{ id: string; status: string }>;
    expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(checks.find((c) => c.id === 'signature.seal-ledger-status')?.status).toBe('pass');

    const used = await as(world, keeper).get(`/seal-use-requests/${approvalId}`);
    expect(used.body).toMatchObject({ state: 'USED', usedByRecordId: res.body.record.id });
  });

  it('refuses an official seal without approval, with a used one, with one for another document, and an expired one', async () => {
    const pdf = await samplePdf('needs approval');
    const none = await as(world, keeper).post('/sign', signBody(contractSeal, pdf));
    expect([none.status, none.body.error.code]).toEqual([403, 'APPROVAL_REQUIRED']);

    const approvalId = await approvedUse(world, keeper, boss, contractSeal, pdf);
    const other = await samplePdf('a different document');
    const mismatch = await as(world, keeper).post('/sign', signBody(contractSeal, other, { approvalId }));
    expect([mismatch.status, mismatch.body.error.code]).toEqual([403, 'APPROVAL_MISMATCH']);

    expect((await as(world, keeper).post('/sign', signBody(contractSeal, pdf, { approvalId }))).status).toBe(201);
    const again = await as(world, keeper).post('/sign', signBody(contractSeal, pdf, { approvalId }));
    expect([again.status, again.body.error.code]).toEqual([409, 'APPROVAL_USED']);

    const late = await samplePdf('approved too long ago');
    const lateApproval = await approvedUse(world, keeper, boss, contractSeal, late);
    world.advanceClock(25 * 60 * 60 * 1000);
    try {
      const expired = await as(world, keeper).post('/sign', signBody(contractSeal, late, { approvalId: lateApproval }));
      expect([expired.status, expired.body.error.code]).toEqual([409, 'APPROVAL_EXPIRED']);
    } finally {
      world.advanceClock(-25 * 60 * 60 * 1000);
    }
  });

  it('lets only one of five concurrent signs use an approval', async () => {
    const pdf = await samplePdf('raced');
    const approvalId = await approvedUse(world, keeper, boss, contractSeal, pdf);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() => as(world, keeper).post('/sign', signBody(contractSeal, pdf, { approvalId }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.error.code))).toEqual(new Set(['APPROVAL_USED']));
    expect(await world.signing.records.countDocuments({ approvalId })).toBe(1);
  });

  it('rejects decisions by non-approvers and a second decision', async () => {
    const created = await as(world, keeper).post('/seal-use-requests', {
      sealId: contractSeal.sealId,
      documentSm3: 'a'.repeat(64),
      purpose: 'x',
    });
    const byCustodian = await as(world, keeper).post(`/seal-use-requests/${created.body.id}/approve`, {});
    expect([byCustodian.status, byCustodian.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const otherUnitApprover = await as(world, approver(OTHER_UNIT)).post(`/seal-use-requests/${created.body.id}/approve`, {});
    expect(otherUnitApprover.status).toBe(403);
    expect((await as(world, boss).post(`/seal-use-requests/${created.body.id}/reject`, { note: 'not this one' })).body.state).toBe(
      'REJECTED',
    );
    const twice = await as(world, boss).post(`/seal-use-requests/${created.body.id}/approve`, {});
    expect([twice.status, twice.body.error.code]).toEqual([409, 'INVALID_TRANSITION']);

    const raced = await as(world, keeper).post('/seal-use-requests', {
      sealId: contractSeal.sealId,
      documentSm3: 'b'.repeat(64),
      purpose: 'y',
    });
    const decisions = await Promise.all([
      as(world, boss).post(`/seal-use-requests/${raced.body.id}/approve`, {}),
      as(world, approver(UNIT, 'person_approver_2')).post(`/seal-use-requests/${raced.body.id}/reject`, { note: 'no' }),
      as(world, approver(UNIT, 'person_approver_3')).post(`/seal-use-requests/${raced.body.id}/approve`, {}),
    ]);
    expect(decisions.map((d) => d.status).sort()).toEqual([200, 409, 409]);
    const final = await as(world, keeper).get(`/seal-use-requests/${raced.body.id}`);
    expect(final.body.state).toBe(decisions.find((d) => d.status === 200)!.body.state);
  });

  it('counts wrong PINs atomically, resets on success, and locks the seal at the limit', async () => {
    const seal = await world.addSeal({ unitId: UNIT, kind: 'FINANCE', actingPersonId: CUSTODIAN, pin: '246810' });
    const pdfs = await Promise.all([1, 2, 3].map((i) => samplePdf(`pin ${i}`)));
    const approvals = await Promise.all(pdfs.map((pdf) => approvedUse(world, keeper, boss, seal, pdf)));
    const wrong = (i: number, pin = '000000') =>
      as(world, keeper).post('/sign', signBody({ ...seal, pin }, pdfs[i], { approvalId: approvals[i] }));

    const first = await wrong(0);
    expect([first.status, first.body.error.code, first.body.error.details.remainingAttempts]).toEqual([403, 'WRONG_PIN', 2]);
    expect((await as(world, keeper).post('/sign', signBody(seal, pdfs[0], { approvalId: approvals[0] }))).status).toBe(201);
    // The right PIN reset the count: the next wrong one is again the first of three.
    expect((await wrong(1)).body.error.details.remainingAttempts).toBe(2);

    // Three different wrong guesses at once: each takes its own attempt number, so the limit cannot be
    // raced past. (The same guess sent several times at once is one attempt: it shares one derivation.)
    const burst = await Promise.all([wrong(1, '000001'), wrong(1, '000002'), wrong(1, '000003')]);
    expect(burst.map((r) => r.body.error.code).sort()).toEqual(['SEAL_LOCKED', 'SEAL_LOCKED', 'WRONG_PIN']);
    const rightPin = await as(world, keeper).post('/sign', signBody(seal, pdfs[2], { approvalId: approvals[2] }));
    expect([rightPin.status, rightPin.body.error.code]).toEqual([423, 'SEAL_LOCKED']);
    // A refused sign must not have used up its approval.
    expect((await as(world, keeper).get(`/seal-use-requests/${approvals[2]}`)).body.state).toBe('APPROVED');

    // The custodian cannot lift their own lock; the unit administrator can, and the right PIN works again.
    const selfReset = await as(world, keeper).post(`/seals/${seal.sealId}/pin-lock/reset`, {});
    expect(selfReset.status).toBe(403);
    const admin = { id: 'acct_admin', kind: 'person' as const, roles: ['UNIT_ADMIN' as const], unitId: UNIT };
    expect((await as(world, admin).post(`/seals/${seal.sealId}/pin-lock/reset`, {})).status).toBe(200);
    expect((await as(world, keeper).post('/sign', signBody(seal, pdfs[2], { approvalId: approvals[2] }))).status).toBe(201);
  });

  it('lets a position seal be used by its holder only, without approval', async () => {
    const seal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_legal_rep' });
    const pdf = await samplePdf('personal');
    const stranger = await as(world, holder(UNIT, 'person_someone_else')).post('/sign', signBody(seal, pdf));
    expect([stranger.status, stranger.body.error.code]).toEqual([403, 'NOT_AUTHORISED_FOR_SEAL']);
    const byCustodian = await as(world, keeper).post('/sign', signBody(seal, pdf));
    expect(byCustodian.body.error.code).toBe('NOT_AUTHORISED_FOR_SEAL');
    const own = await as(world, holder(UNIT, 'person_legal_rep')).post('/sign', signBody(seal, pdf));
    expect(own.status).toBe(201);
    expect(own.body.record.approvalId).toBeUndefined();
  });

  it("refuses a revoked seal before looking at the PIN or approval, and another unit's custodian", async () => {
    const seal = await world.addSeal({ unitId: UNIT, kind: 'CONTRACT', actingPersonId: CUSTODIAN });
    const pdf = await samplePdf('after revocation');
    const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
    const foreign = await as(world, custodian(OTHER_UNIT, CUSTODIAN)).post('/sign', signBody(seal, pdf, { approvalId }));
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FORBIDDEN']);
    await world.store.models.seals.updateOne({ _id: seal.sealId }, { $set: { status: 'REVOKED' } });
    const res = await as(world, keeper).post('/sign', signBody(seal, pdf, { approvalId, pin: '999999' }));
    expect([res.status, res.body.error.code]).toEqual([409, 'SEAL_REVOKED']);
  });

  it('keeps earlier signatures valid when a second and third party seal the same document', async () => {
    const otherKeeper = custodian(OTHER_UNIT, 'person_custodian_b');
    const sealB = await world.addSeal({ unitId: OTHER_UNIT, kind: 'CONTRACT', actingPersonId: 'person_custodian_b' });
    const repSeal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_rep_2' });
    const pdf = await samplePdf('three parties');
    const a = await as(world, keeper).post(
      '/sign',
      signBody(contractSeal, pdf, { approvalId: await approvedUse(world, keeper, boss, contractSeal, pdf) }),
    );
    const afterA = pdfOf(a.body);
    const b = await as(world, otherKeeper).post(
      '/sign',
      signBody(sealB, afterA, {
        approvalId: await approvedUse(world, otherKeeper, approver(OTHER_UNIT), sealB, afterA),
        placement: { page: 2, xMm: 30, yMm: 30, corner: 'top-right' },
      }),
    );
    expect(b.status).toBe(201);
    const c = await as(world, holder(UNIT, 'person_rep_2')).post(
      '/sign',
      signBody(repSeal, pdfOf(b.body), { crossPage: true, placement: { page: 1, xMm: 0, yMm: 100 } }),
    );
    expect(c.status).toBe(201);
    expect(c.body.record.pages).toEqual([1, 2]);

    const report = await as(world, auditor()).verify(pdfOf(c.body));
    const failures = report.body.signatures.flatMap((s: { checks: Array<{ status: string }> }) =>
      s.checks.filter((x) => x.status === 'fail'),
    );
    expect(failures).toEqual([]);
    expect(report.body.valid).toBe(true);
    expect(report.body.signatures.map((s: { esID: string }) => s.esID)).toEqual([contractSeal.sealCode, sealB.sealCode, repSeal.sealCode]);
    expect(report.body.signatures.map((s: { changesAfter: { verdict: string } }) => s.changesAfter.verdict)).toEqual([
      'allowed',
      'allowed',
      'none',
    ]);
  });

  it('puts a cross-page seal at the requested height, measured from the corner the caller named, in groups of pages', async () => {
    const repSeal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_rep_3' });
    const pdf = await samplePdf('cross-page from the top', 5);
    const res = await as(world, holder(UNIT, 'person_rep_3')).post(
      '/sign',
      signBody(repSeal, pdf, { crossPage: true, crossPageGroupSize: 3, placement: { page: 1, xMm: 0, yMm: 30, corner: 'top-left' } }),
    );
    expect(res.status).toBe(201);
    const widgets = inspectPdfSignatures(pdfOf(res.body)).signatures[0]!.widgets;
    expect(widgets.map((w) => w.page)).toEqual([1, 2, 3, 4, 5]);
    for (const w of widgets) expect(w.rect![3]).toBeCloseTo(841.89 - 30 * POINTS_PER_MM, 1); // top edge 30 mm below the page top
    // Five pages in groups of at most three: 3 + 2, each group carrying the whole imprint.
    const widths = widgets.map((w) => w.rect![2] - w.rect![0]);
    expect(widths[0]! * 3).toBeCloseTo(widths[3]! * 2, 3);
    const bad = await as(world, holder(UNIT, 'person_rep_3')).post(
      '/sign',
      signBody(repSeal, pdf, { crossPage: true, crossPageGroupSize: 1 }),
    );
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('detects tampering after signing', async () => {
    const pdf = await samplePdf('tamper me');
    const res = await as(world, keeper).post(
      '/sign',
      signBody(contractSeal, pdf, { approvalId: await approvedUse(world, keeper, boss, contractSeal, pdf) }),
    );
    const signed = Buffer.from(pdfOf(res.body));
    // A byte inside the first content stream: the file still parses, its signed bytes no longer match.
    const at = signed.indexOf('stream\n') + 'stream\n'.length + 4;
    expect(at).toBeGreaterThan(10);
    signed[at] ^= 0xff;
    const report = await as(world, auditor()).verify(new Uint8Array(signed));
    expect(report.status).toBe(200);
    expect(report.body.valid).toBe(false);
    expect(report.body.problems).toContain('DATA_HASH_MISMATCH');
  });
});
