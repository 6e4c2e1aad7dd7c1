import { randomBytes } from 'node:crypto';
import { DevelopmentCertificateAuthority } from '@eseal/core';
import type { Express } from 'express';
import request from 'supertest';
import type { Caller } from '../../server/src/access';
import { signingApi } from '../../server/src/api/signing';
import { createApp } from '../../server/src/app';
import { createEvidenceAccess } from '../../server/src/composition/evidence-access';
import { loadOrCreateLedgerNodeIdentity } from '../../server/src/composition/ledger-node-identity';
import { EvidenceEvents } from '../../server/src/events';
import { securityGuard } from '../../server/src/http/security/route-guard';
import { createLogger } from '../../server/src/observability/logger';
import { MongoRelayStore, relayModel } from '../../server/src/relay';
import { MongoAnchorOutbox } from '../../server/src/store/signing';
import { anchorLedgerOf } from '../../server/src/usecases/signing';
import { runAnchoring } from '../../worker/src/anchor';
import { as, pdfOf, signBody } from '../signing/support/api';
import {
  CALLER_HEADER,
  callerHeader,
  createSigningWorld,
  holder,
  samplePdf,
  sm3Hex,
  type SigningWorld,
  type TestSeal,
} from '../signing/support/signing-world';

const UNIT_A = 'unit_lookup_a';
const UNIT_B = 'unit_lookup_b';
const court: Caller = { id: 'acct_court_1', kind: 'person', roles: ['COURT'] };
const unitAdmin = (unitId: string): Caller => ({ id: `acct_admin_${unitId}`, kind: 'person', roles: ['UNIT_ADMIN'], unitId });

describe('public lookups and the court role', () => {
  let world: SigningWorld;
  let app: Express;
  let events: EvidenceEvents;
  let sealA: TestSeal;
  let original: Uint8Array;
  let once: Uint8Array;
  let twice: Uint8Array;
  let otherUnitDoc: Uint8Array;
  let otherUnitRecordId: string;
  let later: Uint8Array;
  let firstTx: string;
  let relays: MongoRelayStore;

  const lookup = (body: object) => request(app).post('/api/v1/public/lookup').send(body);
  const asCaller = (caller: Caller) => ({
    get: (path: string) => request(app).get(`/api/v1${path}`).set(CALLER_HEADER, callerHeader(caller)),
  });
  const anchor = () => runAnchoring({ outbox: new MongoAnchorOutbox(world.signing, events), ledger: anchorLedgerOf(world.ledger) }, 100);

  beforeAll(async () => {
    world = await createSigningWorld();
    events = new EvidenceEvents();
    const ca = await DevelopmentCertificateAuthority.create();
    const attestor = world.ledger.withNodeIdentity!(await loadOrCreateLedgerNodeIdentity(ca, { kek: randomBytes(32) }));
    const access = await createEvidenceAccess({
      mongo: world.mongo.connection,
      store: world.store,
      signing: world.signing,
      events,
      attestor,
      clock: () => new Date(),
    });
    app = createApp({
      logger: createLogger({ level: 'silent' }),
      bodyLimitBytes: 40 * 1024 * 1024,
      probes: [],
      apiModules: [signingApi(world.deps), ...access.apiModules],
      routeGuard: securityGuard({
        authenticate: async (req) => {
          const header = req.header(CALLER_HEADER);
          return header ? { caller: JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Caller } : undefined;
        },
      }),
    });
    relays = new MongoRelayStore(relayModel(world.mongo.connection), undefined, events);

    sealA = await world.addSeal({ unitId: UNIT_A, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_la' });
    const sealB = await world.addSeal({ unitId: UNIT_B, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_lb' });
    original = await samplePdf('lookup original');
    const first = await as(world, holder(UNIT_A, 'person_la')).post('/sign', signBody(sealA, original));
    expect(first.status).toBe(201);
    once = pdfOf(first.body);
    const other = await as(world, holder(UNIT_B, 'person_lb')).post('/sign', signBody(sealB, await samplePdf('unit b document')));
    expect(other.status).toBe(201);
    otherUnitDoc = pdfOf(other.body);
    otherUnitRecordId = other.body.record.id;
    expect((await anchor()).anchored).toBe(2);
    const second = await as(world, holder(UNIT_A, 'person_la')).post('/sign', signBody(sealA, once));
    expect(second.status).toBe(201);
    twice = pdfOf(second.body);
    const third = await as(world, holder(UNIT_A, 'person_la')).post('/sign', signBody(sealA, await samplePdf('lookup later')));
    expect(third.status).toBe(201);
    later = pdfOf(third.body);
    expect((await anchor()).anchored).toBe(2);
    firstTx = (await lookup({ by: 'sm3', value: sm3Hex(once) })).body.signatures[0].ledgerTxId;
    const batchId = (await world.signing.anchorResults.findById(first.body.record.id).lean())!.batchId!;

    // A court chain's receipt for the first batch, confirmed through the relay store as the relay job does.
    await relays.create({
      relayId: `${batchId}@court-sim`,
      adapterId: 'court-sim',
      subject: { kind: 'BATCH', batchId },
      evidence: {
        evidenceId: batchId,
        digest: 'ab'.repeat(32),
        digestAlgorithm: 'SM3',
        partyId: 'p',
        txToken: 't',
        phase: 'SIGN',
        sourceTxId: firstTx,
      },
      createdAt: new Date(),
    });
    const receipt = {
      evidenceId: batchId,
      evidenceNumber: 'CCE-2026-000123',
      txHash: 'cd'.repeat(32),
      blockHeight: 42,
      recordedAt: new Date().toISOString(),
      digest: 'ab'.repeat(32),
      digestAlgorithm: 'SM3' as const,
      signature: '00',
    };
    await relays.markSubmitted(`${batchId}@court-sim`, receipt, new Date());
    await relays.markConfirmed(`${batchId}@court-sim`, new Date());
  }, 120_000);
  afterAll(async () => world?.close());

  describe('POST /public/lookup', () => {
    it('finds a signed document by its SM3 with every signature on it, and nothing the document does not show', async () => {
      const res = await lookup({ by: 'sm3', value: sm3Hex(twice) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ result: 'MATCH', code: 'LOOKUP_MATCH', by: 'sm3', value: sm3Hex(twice) });
      expect(res.body.signatures.map((s: { documentSm3: string }) => s.documentSm3)).toEqual([sm3Hex(once), sm3Hex(twice)]);
      expect(res.body.signatures[0]).toMatchObject({
        sealCode: sealA.sealCode,
        originalSm3: sm3Hex(original),
        merkleRoot: expect.any(String),
      });
      const text = JSON.stringify(res.body);
      for (const internal of [UNIT_A, sealA.sealId, 'person_la', 'acct_', 'sig_', 'batch_']) expect(text).not.toContain(internal);
    });

    it('finds the document as it was before signing, and grades a different document MISMATCH', async () => {
      const before = await lookup({ by: 'sm3', value: sm3Hex(original).toUpperCase() });
      expect(before.body).toMatchObject({ result: 'MATCH', signatures: [{ documentSm3: sm3Hex(once) }] });
      const mismatch = await lookup({ by: 'sm3', value: sm3Hex(once), documentSm3: sm3Hex(otherUnitDoc) });
      expect(mismatch.body).toMatchObject({ result: 'MISMATCH', code: 'LOOKUP_MISMATCH' });
      const unknown = await lookup({ by: 'sm3', value: 'ee'.repeat(32) });
      expect(unknown.body).toEqual({ result: 'NOT_FOUND', code: 'LOOKUP_NOT_FOUND', by: 'sm3', value: 'ee'.repeat(32) });
    });

    it('finds a ledger transaction, and says whether a document was anchored in it', async () => {
      const tx = await lookup({ by: 'txId', value: firstTx });
      expect(tx.body).toMatchObject({ result: 'MATCH', transaction: { ledgerTxId: firstTx, signatureCount: 2 } });
      expect((await lookup({ by: 'txId', value: firstTx, documentSm3: sm3Hex(once) })).body).toMatchObject({
        result: 'MATCH',
        signatures: [{ documentSm3: sm3Hex(once) }],
      });
      expect((await lookup({ by: 'txId', value: firstTx, documentSm3: sm3Hex(later) })).body.result).toBe('MISMATCH');
      expect((await lookup({ by: 'txId', value: 'f0'.repeat(32) })).body.result).toBe('NOT_FOUND');
    });

    it("finds a court chain's evidence number from a confirmed receipt", async () => {
      const found = await lookup({ by: 'evidenceNumber', value: 'CCE-2026-000123' });
      expect(found.body).toMatchObject({
        result: 'MATCH',
        evidence: {
          evidenceNumber: 'CCE-2026-000123',
          courtChain: 'court-sim',
          courtBlockHeight: 42,
          ledgerTxId: firstTx,
          subject: { kind: 'SIGNATURES' },
        },
      });
      expect((await lookup({ by: 'evidenceNumber', value: 'CCE-2026-000123', documentSm3: sm3Hex(original) })).body.result).toBe('MATCH');
      expect((await lookup({ by: 'evidenceNumber', value: 'CCE-2026-000123', documentSm3: sm3Hex(later) })).body.result).toBe('MISMATCH');
      expect((await lookup({ by: 'evidenceNumber', value: 'CCE-2026-999999' })).body.result).toBe('NOT_FOUND');
    });

    it("tells a ledger transaction's court receipt once confirmed, and none for a transaction without one", async () => {
      const withReceipt = await lookup({ by: 'txId', value: firstTx, documentSm3: sm3Hex(once) });
      expect(withReceipt.body).toMatchObject({
        result: 'MATCH',
        evidence: { evidenceNumber: 'CCE-2026-000123', courtChain: 'court-sim', ledgerTxId: firstTx, subject: { kind: 'SIGNATURES' } },
      });
      const laterTx = (await lookup({ by: 'sm3', value: sm3Hex(later) })).body.signatures[0].ledgerTxId as string;
      expect(laterTx).not.toBe(firstTx);
      const without = await lookup({ by: 'txId', value: laterTx });
      expect(without.body.result).toBe('MATCH');
      expect(without.body.evidence).toBeUndefined();
    });

    it('answers NOT_FOUND for certificate numbers while no certificate finder is wired', async () => {
      expect((await lookup({ by: 'certificateNumber', value: 'EC-2026-0001' })).body).toMatchObject({
        result: 'NOT_FOUND',
        code: 'LOOKUP_NOT_FOUND',
      });
    });

    it('refuses malformed lookups with VALIDATION_FAILED', async () => {
      for (const body of [
        { by: 'sm3', value: 'not-a-hash' },
        { by: 'name', value: 'x' },
        { by: 'txId', value: 'a b' },
        { by: 'txId', value: firstTx, documentSm3: 'xyz' },
        { by: 'sm3', value: sm3Hex(once), extra: 1 },
      ]) {
        const res = await lookup(body);
        expect([JSON.stringify(body), res.status, res.body.error?.code]).toEqual([JSON.stringify(body), 400, 'VALIDATION_FAILED']);
      }
    });
  });

  describe('court role', () => {
    it('reads every signature on a handed document, with unit, signer, anchoring and court receipts', async () => {
      const res = await asCaller(court).get(`/court/documents/${sm3Hex(twice)}`);
      expect(res.status).toBe(200);
      expect(res.body.signatures).toHaveLength(2);
      expect(res.body.signatures[0]).toMatchObject({
        unit: { id: UNIT_A },
        seal: { id: sealA.sealId, code: sealA.sealCode },
        signerPersonId: 'person_la',
        anchor: { state: 'ANCHORED', txId: firstTx },
        courtReceipts: [{ courtChain: 'court-sim', state: 'CONFIRMED', receipt: { evidenceNumber: 'CCE-2026-000123' } }],
      });
      const bundle = await asCaller(court).get(`/court/documents/${sm3Hex(twice)}/bundle`);
      expect(bundle.status).toBe(200);
      expect(bundle.body.signatures).toHaveLength(2);
    });

    it("refuses a court reading another unit's document by any handle but the one it was handed", async () => {
      expect((await asCaller(court).get(`/signatures/${otherUnitRecordId}`)).status).toBe(403);
      expect((await asCaller(court).get(`/signatures?unitId=${UNIT_B}`)).status).toBe(403);
      // An evidence number opens only the documents its batch covers, never another one named beside it.
      const batchMate = await asCaller(court).get(`/court/evidence/CCE-2026-000123?documentSm3=${sm3Hex(later)}`);
      expect([batchMate.status, batchMate.body.error.code]).toEqual([404, 'NOT_FOUND']);
      const bare = await asCaller(court).get('/court/evidence/CCE-2026-000123');
      expect(bare.status).toBe(200);
      expect(bare.body.signatures).toBeUndefined();
      // Unit people cannot use the court's routes.
      expect((await asCaller(unitAdmin(UNIT_B)).get(`/court/documents/${sm3Hex(once)}`)).status).toBe(403);
    });

    it('shows the unit who read its evidence, and only its own', async () => {
      const handed = await asCaller(court).get(`/court/evidence/CCE-2026-000123?documentSm3=${sm3Hex(otherUnitDoc)}`);
      expect(handed.status).toBe(200);
      expect(handed.body.signatures[0].unit.id).toBe(UNIT_B);
      const readsA = await asCaller(unitAdmin(UNIT_A)).get(`/units/${UNIT_A}/evidence-reads`);
      expect(readsA.status).toBe(200);
      expect(readsA.body.reads.map((r: { what: string }) => r.what).sort()).toEqual(['BUNDLE', 'DOCUMENT']);
      expect(readsA.body.reads[0]).toMatchObject({ unitId: UNIT_A, reader: { id: court.id, role: 'COURT' }, documentSm3: sm3Hex(twice) });
      const readsB = await asCaller(unitAdmin(UNIT_B)).get(`/units/${UNIT_B}/evidence-reads`);
      expect(readsB.body.reads).toEqual([
        expect.objectContaining({ what: 'EVIDENCE', evidenceNumber: 'CCE-2026-000123', reader: { id: court.id, role: 'COURT' } }),
      ]);
      expect((await asCaller(unitAdmin(UNIT_B)).get(`/units/${UNIT_A}/evidence-reads`)).status).toBe(403);
      expect((await asCaller(court).get(`/units/${UNIT_A}/evidence-reads`)).status).toBe(403);
    });
  });
});
