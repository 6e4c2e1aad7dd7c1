/**
 * A proof bundle of a time-stamped, relayed signature: the court chain's receipt of its batch and the TSA's
 * token come with it, and `seal verify-bundle` checks both offline against trust.json (the court key, the
 * CA the TSA chains to). Tampering with either fails with its own code.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DevelopmentCertificateAuthority,
  Sm2PrivateKey,
  parseBundleTrust,
  toPem,
  verifyProofBundleV2,
  type ProofBundleV2,
} from '@eseal/core';
import { makeRoot, type TestCa } from '../../core/src/x509/__tests__/pki-fixture';
import { HttpTimeStampAuthority } from '../../server/src/adapters/tsa';
import type { CliIo } from '../../server/src/cli/cli-command';
import { runCli } from '../../server/src/cli/run-cli';
import { loadOrCreateLedgerNodeIdentity } from '../../server/src/composition/ledger-node-identity';
import { relaysOfBatchReader } from '../../server/src/composition/relay-reader';
import { serviceBundleTrust } from '../../server/src/composition/service-trust';
import type { LedgerAttestor } from '../../server/src/ledger';
import { MongoRelayStore, relayModel } from '../../server/src/relay';
import { MongoAnchorOutbox } from '../../server/src/store/signing';
import { getDocumentProofBundle } from '../../server/src/usecases/evidence';
import { anchorLedgerOf } from '../../server/src/usecases/signing';
import { runAnchoring } from '../../worker/src/anchor';
import { signReceiptBatch } from '../../worker/src/relay/court-chain/protocol';
import { batchEvidence, relayIdFor, submissionFor } from '../../worker/src/relay/evidence';
import { as, pdfOf, signBody } from '../signing/support/api';
import { auditor, createSigningWorld, holder, samplePdf, sm3Hex, type SigningWorld } from '../signing/support/signing-world';
import { startTestTsa, type TestTsa } from '../signing/support/test-tsa';

const UNIT = 'unit_bundle_extras';
const COURT = 'court-sim';

function captureIo(): { io: CliIo; stdout: () => string } {
  const out: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: () => undefined, env: {}, cwd: '.' }, stdout: () => out.join('') };
}

const flipByte = (base64: string, at: number) => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[at]! ^= 0x01;
  return bytes.toString('base64');
};

describe('proof bundle v2 with court-chain receipts and time-stamp tokens, checked offline', () => {
  let root: TestCa;
  let tsa: TestTsa;
  let world: SigningWorld;
  let attestor: LedgerAttestor;
  let nodeCa: DevelopmentCertificateAuthority;
  let signed: Uint8Array;
  let dir: string;
  const courtKey = Sm2PrivateKey.generate();

  beforeAll(async () => {
    root = await makeRoot();
    tsa = await startTestTsa(root);
    const timeStamping = {
      authority: new HttpTimeStampAuthority({ url: tsa.url, timeoutMs: 5000, trust: { trustAnchors: [root.cert] } }),
      required: true,
    };
    world = await createSigningWorld({}, { root, timeStamping });
    const seal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_x' });
    const answer = await as(world, holder(UNIT, 'person_x')).post('/sign', signBody(seal, await samplePdf('relayed and stamped')));
    expect([answer.status, answer.body.error]).toEqual([201, undefined]);
    signed = pdfOf(answer.body);
    await runAnchoring({ outbox: new MongoAnchorOutbox(world.signing), ledger: anchorLedgerOf(world.ledger) }, 100);

    // The court chain recorded the batch and answered a signed receipt, as the relay stores it.
    const anchored = (await world.signing.anchorResults.find({ state: 'ANCHORED' }).lean())[0]!;
    const item = batchEvidence({
      batchId: anchored.batchId!,
      root: anchored.root!,
      entryCount: anchored.treeSize!,
      transactionId: anchored.txId!,
      at: new Date(anchored.anchoredAt!),
    });
    const submission = submissionFor(item, 'SM3');
    const relays = new MongoRelayStore(relayModel(world.mongo.connection));
    const relayId = relayIdFor(item.evidenceId, COURT);
    await relays.create({ relayId, adapterId: COURT, subject: item.subject, evidence: submission, createdAt: new Date() });
    // The relay files through the court's batch route: one SM2 signature over the root of the answered
    // receipts' tree, each receipt with its inclusion proof (signReceiptBatch, as the court-chain simulator answers).
    const recorded = {
      evidenceNumber: 'CCE-20261206-000042',
      blockHeight: 42,
      recordedAt: new Date().toISOString(),
      digestAlgorithm: 'SM3' as const,
    };
    const [receipt] = signReceiptBatch(courtKey, [
      { ...recorded, evidenceId: submission.evidenceId, txHash: randomBytes(32).toString('hex'), digest: submission.digest },
      { ...recorded, evidenceId: 'batch_other_evidence', txHash: randomBytes(32).toString('hex'), digest: randomBytes(32).toString('hex') },
      { ...recorded, evidenceId: 'batch_third_evidence', txHash: randomBytes(32).toString('hex'), digest: randomBytes(32).toString('hex') },
    ]);
    await relays.markSubmitted(relayId, receipt!, new Date());
    await relays.markConfirmed(relayId, new Date());

    nodeCa = await DevelopmentCertificateAuthority.create();
    attestor = world.ledger.withNodeIdentity!(await loadOrCreateLedgerNodeIdentity(nodeCa, { kek: randomBytes(32) }));
    dir = mkdtempSync(join(tmpdir(), 'eseal-bundle-extras-'));
    // A TSA process, seals, a signing and its anchoring: slow on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await tsa?.stop();
    await world?.close();
  });

  const trustJson = () => ({
    format: 'eseal.trust',
    version: 1,
    caCertificates: [...nodeCa.chain().map((c) => c.der), root.cert.der].map((der) => toPem(der)),
    courtKeys: [{ chain: COURT, publicKey: Buffer.from(courtKey.publicKey.point).toString('hex') }],
  });
  const bundle = () =>
    getDocumentProofBundle(
      { signing: world.signing, attestor, relaysOfBatch: relaysOfBatchReader(world.mongo.connection) },
      auditor(),
      sm3Hex(signed),
    );

  it('carries the receipt and the token, and both hold against the trust file', async () => {
    const b = await bundle();
    expect(b.signatures[0]!.courtReceipts).toEqual([
      expect.objectContaining({ chain: COURT, blockHeight: 42, batch: expect.objectContaining({ treeSize: 3, leafIndex: 0 }) }),
    ]);
    expect(b.signatures[0]!.timeStampToken).toEqual(expect.any(String));
    const result = verifyProofBundleV2(JSON.parse(JSON.stringify(b)), parseBundleTrust(trustJson()));
    expect(result.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(result.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(['signatures[0].courtReceipts[0]', 'signatures[0].timeStampToken']),
    );
    expect(result.verdict).toBe('VALID');
    // The receipt stands in the batch the court signed at its own place only.
    const moved: ProofBundleV2 = JSON.parse(JSON.stringify(b));
    moved.signatures[0]!.courtReceipts![0]!.batch!.leafIndex = 1;
    expect(
      verifyProofBundleV2(moved, parseBundleTrust(trustJson())).checks.find((c) => c.id === 'signatures[0].courtReceipts[0]'),
    ).toMatchObject({
      status: 'fail',
      code: 'BUNDLE_COURT_RECEIPT_INVALID',
      message: expect.stringMatching(/not in the batch of receipts the court signed/),
    });
  });

  it("the service's own check (public verification, certificates) trusts the court chains it relays to", async () => {
    const courtChains = JSON.stringify([
      {
        id: COURT,
        type: 'http',
        url: 'http://127.0.0.1:9',
        appId: 'eseal-test',
        publicKey: Buffer.from(courtKey.publicKey.point).toString('hex'),
      },
    ]);
    const trust = serviceBundleTrust({ caChain: () => nodeCa.chain(), timeStampCas: [root.cert], courtChainsJson: courtChains })();
    const result = verifyProofBundleV2(JSON.parse(JSON.stringify(await bundle())), trust);
    expect(result.checks.find((c) => c.id === 'signatures[0].courtReceipts[0]')).toMatchObject({ status: 'pass' });
    expect(result.verdict).toBe('VALID');
    // Without the court chain configured, the receipt is reported, not judged.
    const without = serviceBundleTrust({ caChain: () => nodeCa.chain(), timeStampCas: [root.cert], courtChainsJson: undefined })();
    const unjudged = verifyProofBundleV2(JSON.parse(JSON.stringify(await bundle())), without);
    expect(unjudged.checks.find((c) => c.id === 'signatures[0].courtReceipts[0]')).toMatchObject({ status: 'not-checked' });
  });

  it('seal verify-bundle prints both checks with their anchors, and fails a tampered receipt or token with its code', async () => {
    const b = await bundle();
    const trust = join(dir, 'trust.json');
    writeFileSync(trust, JSON.stringify(trustJson()));
    const write = (name: string, value: ProofBundleV2) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(value));
      return file;
    };

    const ok = captureIo();
    expect(await runCli(['verify-bundle', write('bundle.json', b), '--trust', trust], ok.io)).toBe(0);
    expect(ok.stdout()).toMatch(
      /\[ok  \] signatures\[0\]\.courtReceipts\[0\]: court chain court-sim recorded batch .* as evidence CCE-20261206-000042/,
    );
    expect(ok.stdout()).toMatch(/against court-chain key of court-sim/);
    expect(ok.stdout()).toMatch(/\[ok  \] signatures\[0\]\.timeStampToken: time-stamped at /);
    expect(ok.stdout()).toMatch(/against time-stamp authority .*测试时间戳服务/);

    const receipt: ProofBundleV2 = JSON.parse(JSON.stringify(b));
    receipt.signatures[0]!.courtReceipts![0]!.receipt = flipByte(receipt.signatures[0]!.courtReceipts![0]!.receipt, 12);
    const badReceipt = captureIo();
    expect(await runCli(['verify-bundle', write('receipt.json', receipt), '--trust', trust], badReceipt.io)).toBe(1);
    expect(badReceipt.stdout()).toMatch(/\[FAIL\] signatures\[0\]\.courtReceipts\[0\]: .*\(BUNDLE_COURT_RECEIPT_INVALID\)/);

    const token: ProofBundleV2 = JSON.parse(JSON.stringify(b));
    token.signatures[0]!.timeStampToken = flipByte(token.signatures[0]!.timeStampToken!, 100);
    const badToken = captureIo();
    expect(await runCli(['verify-bundle', write('token.json', token), '--trust', trust], badToken.io)).toBe(1);
    expect(badToken.stdout()).toMatch(/\[FAIL\] signatures\[0\]\.timeStampToken: .*\(BUNDLE_TIMESTAMP_MISMATCH\)/);
  });

  it('a key leak revoked later with an earlier compromise time: the ledger entry holds the time, and the signature after it fails offline', async () => {
    const seal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_y' });
    const before = new Date();
    const answer = await as(world, holder(UNIT, 'person_y')).post('/sign', signBody(seal, await samplePdf('signed with a leaked key')));
    expect(answer.status).toBe(201);
    await runAnchoring({ outbox: new MongoAnchorOutbox(world.signing), ledger: anchorLedgerOf(world.ledger) }, 100);
    // Reported leaked a minute before the signature: revoked now, counted from then.
    const compromisedAt = new Date(before.getTime() - 60_000).toISOString();
    await world.ledger.revokeSeal({ sealId: seal.sealCode, reason: 'KEY_LEAKED', compromisedAt });
    const leaked = await getDocumentProofBundle({ signing: world.signing, attestor }, auditor(), sm3Hex(pdfOf(answer.body)));
    const revocation = JSON.parse((leaked.seals[0]!.history.at(-1) as { statement: string }).statement).record.timeline.at(-1);
    expect(revocation).toMatchObject({ status: 'REVOKED', reason: 'KEY_LEAKED', compromisedAt });
    const result = verifyProofBundleV2(JSON.parse(JSON.stringify(leaked)), parseBundleTrust(trustJson()));
    expect(result.checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.code])).toEqual([['signatures[0].seal', 'SEAL_REVOKED']]);
    expect(result.checks.find((c) => c.id === 'signatures[0].seal')!.message).toMatch(
      new RegExp(`key reported compromised from ${compromisedAt}\\), before the signature`),
    );
  }, 120_000);
});
