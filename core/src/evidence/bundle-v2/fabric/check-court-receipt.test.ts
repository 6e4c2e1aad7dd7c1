/**
 * A court-chain receipt from the court's own Fabric channel, checked offline: a proof bundle recorded from
 * the local network (fabric:up; one signature anchored, its batch relayed to the court channel, the seal
 * revoked afterwards; test/fabric/offline-bundle.fabric-test.ts with ESEAL_RECORD_FABRIC_FIXTURES=1) against
 * the trust file fabric:up wrote, whose courtFabric section names the court organisation's CA, its
 * endorsement policy and the orderers. Every tamper case has its own code.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode } from '../../../errors';
import { parseBundleTrust } from '../bundle-trust';
import type { CourtReceipt, FabricTransactionAttestation, ProofBundleV2 } from '../bundle-types';
import { courtReceiptSignedBytes, readCourtReceiptBytes, type SignedCourtReceipt } from '../court-receipt-bytes';
import { verifyProofBundleV2 } from '../verify-bundle';
import { decodeBlock, decodeEndorsedTransaction, envelopeTxId } from './block-messages';
import { ProtoMessage } from './protobuf';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8'));
const original: ProofBundleV2 = fixture('fabric-court-bundle.json');
const trustJson = fixture('fabric-court-trust.json');
const trust = parseBundleTrust(trustJson);
const bundle = () => structuredClone(original);
const RECEIPT_LINE = 'signatures[0].courtReceipts[0]';

const receiptOf = (b: ProofBundleV2): CourtReceipt => b.signatures[0]!.courtReceipts![0]!;
const lineOf = (b: unknown, t = trust) => verifyProofBundleV2(b, t).checks.find((c) => c.id === RECEIPT_LINE)!;
const failures = (b: unknown, t = trust): ErrorCode[] => [
  ...new Set(
    verifyProofBundleV2(b, t)
      .checks.filter((c) => c.status === 'fail')
      .map((c) => c.code!),
  ),
];

/** Flips one byte (or sets it to `value`) where `locate` points: a view into the bytes of `field`, in place. */
function tamper(receipt: CourtReceipt, field: 'signature' | 'block', locate: (bytes: Buffer) => Uint8Array, value?: number): void {
  const bytes = Buffer.from(receipt[field]!, 'base64');
  const target = locate(bytes);
  expect(target.buffer).toBe(bytes.buffer);
  const at = target.byteOffset - bytes.byteOffset + Math.floor(target.length / 2);
  bytes[at] = value ?? bytes[at]! ^ 0x01;
  receipt[field] = bytes.toString('base64');
}

/** Rewrites the receipt's bytes (and what is shown beside them) as a relay could: nobody's signature covers them alone. */
function restate(receipt: CourtReceipt, change: Partial<SignedCourtReceipt>): void {
  const signed = { ...readCourtReceiptBytes(new Uint8Array(Buffer.from(receipt.receipt, 'base64')), 'receipt'), ...change };
  receipt.receipt = Buffer.from(courtReceiptSignedBytes(signed)).toString('base64');
  receipt.txHash = signed.txHash;
  receipt.blockHeight = signed.blockHeight;
}

const courtBlock = (bytes: Buffer) => decodeBlock(bytes);
const courtTxIndex = (r: CourtReceipt) =>
  decodeBlock(Buffer.from(r.block!, 'base64')).envelopes.findIndex((e) => envelopeTxId(e) === r.txHash);

describe('a Fabric court channel receipt in a proof bundle, checked offline', () => {
  it('holds: endorsed by the court organisation under its CA, in a block the orderer signed, of our batch', () => {
    const result = verifyProofBundleV2(bundle(), trust);
    expect(result.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(result.verdict).toBe('VALID');
    const line = lineOf(bundle());
    const r = receiptOf(original);
    expect(line.message).toBe(
      `court chain court-fabric recorded batch ${r.evidenceId} as evidence ${r.txHash} (tx ${r.txHash}, height ${r.blockHeight}) at ${
        readCourtReceiptBytes(new Uint8Array(Buffer.from(r.receipt, 'base64')), 'r').recordedAt
      }`,
    );
    expect(line.anchor).toMatch(
      /^court chain court-fabric: endorsed by CourtMSP peer peer0\.court\.eseal\.local, certified by ca\.court\.eseal\.local; block \d+ signed by OrdererMSP orderer orderer0\.orderer\.eseal\.local, certified by ca\.orderer\.eseal\.local$/,
    );
  });

  it('is the court transaction that wrote our evidence: RecordEvidence, in the block of the shown height', () => {
    const r = receiptOf(original);
    const block = decodeBlock(Buffer.from(r.block!, 'base64'));
    expect(Number(block.number)).toBe(r.blockHeight);
    const tx = decodeEndorsedTransaction(block.envelopes[courtTxIndex(r)]!);
    expect(tx.args[0]).toMatch(/RecordEvidence$/);
    expect(tx.endorsements.length).toBeGreaterThan(0);
    expect(tx.writes.map((w) => w.key)).toContain(`\u0000evidence\u0000${r.evidenceId}\u0000`);
  });

  const queryOf = (bytes: Buffer) => decodeEndorsedTransaction(bytes);
  const blockTx = (bytes: Buffer, r: CourtReceipt) => decodeEndorsedTransaction(courtBlock(bytes).envelopes[courtTxIndex(r)]!);
  const cases: Array<[string, (r: CourtReceipt) => void, ErrorCode]> = [
    [
      "a court peer's endorsement signature of the record",
      (r) => tamper(r, 'signature', (b) => queryOf(b).endorsements[0]!.signature),
      'BUNDLE_ENDORSEMENT_INVALID',
    ],
    ['the endorsed record (its digest)', (r) => tamper(r, 'signature', (b) => queryOf(b).response.payload), 'BUNDLE_ENDORSEMENT_INVALID'],
    [
      "the court peer's certificate",
      (r) => tamper(r, 'signature', (b) => queryOf(b).endorsements[0]!.endorser),
      'BUNDLE_ENDORSER_UNTRUSTED',
    ],
    [
      'the endorsement, replaced by bytes that are no transaction',
      (r) => void (r.signature = Buffer.from('not a transaction').toString('base64')),
      'BUNDLE_COURT_RECEIPT_INVALID',
    ],
    ['the endorsement, left out', (r) => void delete r.signature, 'BUNDLE_COURT_RECEIPT_INVALID'],
    ['the shown court transaction', (r) => void (r.txHash = 'ab'.repeat(32)), 'BUNDLE_COURT_RECEIPT_MISMATCH'],
    ['the shown height', (r) => void (r.blockHeight = r.blockHeight! + 1), 'BUNDLE_COURT_RECEIPT_MISMATCH'],
    ['the shown evidence id', (r) => void (r.evidenceId = 'batch_other'), 'BUNDLE_COURT_RECEIPT_MISMATCH'],
    ['the stated digest (restated consistently)', (r) => restate(r, { digest: 'cd'.repeat(32) }), 'BUNDLE_COURT_RECEIPT_MISMATCH'],
    ['the stated evidence number', (r) => restate(r, { evidenceNumber: 'ZJ-2026-000001' }), 'BUNDLE_COURT_RECEIPT_MISMATCH'],
    ['the stated height (restated consistently)', (r) => restate(r, { blockHeight: r.blockHeight! + 1 }), 'BUNDLE_COURT_RECEIPT_MISMATCH'],
    [
      'the stated court transaction (restated consistently)',
      (r) => restate(r, { txHash: 'ab'.repeat(32) }),
      'BUNDLE_COURT_RECEIPT_MISMATCH',
    ],
    ['the stated time', (r) => restate(r, { recordedAt: '2020-01-01T00:00:00.000Z' }), 'BUNDLE_COURT_RECEIPT_MISMATCH'],
    [
      "the orderer's signature of the court block",
      (r) => tamper(r, 'block', (b) => courtBlock(b).signatures.signatures[0]!.signature),
      'BUNDLE_ORDERER_SIGNATURE_INVALID',
    ],
    [
      "the court block's previous hash",
      (r) => tamper(r, 'block', (b) => ProtoMessage.decode(ProtoMessage.decode(b, 'Block').bytes(1), 'BlockHeader').bytes(2)),
      'BUNDLE_ORDERER_SIGNATURE_INVALID',
    ],
    [
      'the evidence record the court transaction wrote',
      (r) => tamper(r, 'block', (b) => blockTx(b, r).writes.find((w) => w.key.startsWith('\u0000evidence'))!.value),
      'BUNDLE_ENDORSEMENT_INVALID',
    ],
    [
      'the validation flag of the court transaction',
      (r) => tamper(r, 'block', (b) => courtBlock(b).validationCodes.subarray(courtTxIndex(r), courtTxIndex(r) + 1), 11),
      'BUNDLE_TX_INVALIDATED',
    ],
    [
      'the client signature of the court transaction (data hash)',
      (r) => tamper(r, 'block', (b) => ProtoMessage.decode(courtBlock(b).envelopes[courtTxIndex(r)]!, 'Envelope').bytes(2)),
      'BUNDLE_TX_NOT_IN_BLOCK',
    ],
  ];
  it.each(cases)('tampering with %s fails with its own code', (_, change, code) => {
    const b = bundle();
    change(receiptOf(b));
    expect(failures(b)).toEqual([code]);
    expect(lineOf(b)).toMatchObject({ status: 'fail', code });
  });

  it('another block of the same network (our anchoring block, orderer-signed) does not hold the court transaction', () => {
    const b = bundle();
    receiptOf(b).block = (b.signatures[0]!.anchor as FabricTransactionAttestation).block;
    expect(failures(b)).toEqual(['BUNDLE_TX_NOT_IN_BLOCK']);
  });

  it('an endorsed query of our own network in place of the court endorsement: not the court channel', () => {
    const b = bundle();
    receiptOf(b).signature = b.seals[0]!.current!.envelope;
    expect(failures(b)).toEqual(['BUNDLE_COURT_RECEIPT_MISMATCH']);
  });

  it('without the court block, the endorsement and digest hold but the height is reported not attested', () => {
    const b = bundle();
    delete receiptOf(b).block;
    const result = verifyProofBundleV2(b, trust);
    expect(result.checks.find((c) => c.id === RECEIPT_LINE)).toMatchObject({
      status: 'not-checked',
      message: expect.stringMatching(/endorsed by CourtMSP peer .*; height \d+ not attested: the receipt carries no court block$/),
    });
    // Court receipts that cannot be fully checked are reported and leave the signature's verdict alone.
    expect(result.verdict).toBe('VALID');
  });

  it('holds only against the court organisation, policy, orderers and channel the trust file names', () => {
    const court = () => structuredClone(trustJson);
    const otherCa = court();
    otherCa.courtFabric[0].organisations[0].caCertificates = trustJson.fabric.organisations.find(
      (o: { mspId: string }) => o.mspId === 'MakerMSP',
    ).caCertificates;
    expect(failures(bundle(), parseBundleTrust(otherCa))).toEqual(['BUNDLE_ENDORSER_UNTRUSTED']);
    const stricter = court();
    stricter.courtFabric[0].organisations.push(trustJson.fabric.organisations[0]);
    stricter.courtFabric[0].endorsement.allOf.push(trustJson.fabric.organisations[0].mspId);
    expect(failures(bundle(), parseBundleTrust(stricter))).toEqual(['BUNDLE_ENDORSEMENT_POLICY_UNMET']);
    const noOrderer = court();
    noOrderer.courtFabric[0].orderers = ['CourtMSP'];
    expect(failures(bundle(), parseBundleTrust(noOrderer))).toEqual(['BUNDLE_ORDERER_SIGNATURE_INVALID']);
    const otherChannel = court();
    otherChannel.courtFabric[0].channel = 'eseal';
    expect(failures(bundle(), parseBundleTrust(otherChannel))).toEqual(['BUNDLE_COURT_RECEIPT_MISMATCH']);
    const otherChaincode = court();
    otherChaincode.courtFabric[0].chaincode = 'eseal';
    expect(failures(bundle(), parseBundleTrust(otherChaincode))).toEqual(['BUNDLE_RECORD_MISMATCH']);
    const unnamed = court();
    delete unnamed.courtFabric;
    expect(lineOf(bundle(), parseBundleTrust(unnamed))).toMatchObject({ status: 'not-checked' });
  });

  it('reads courtFabric only in a version 2 trust file, once per court chain', () => {
    expect(() => parseBundleTrust({ ...trustJson, version: 1 })).toThrow(/trust\.courtFabric: unknown field/);
    expect(() => parseBundleTrust({ ...trustJson, courtFabric: [trustJson.courtFabric[0], trustJson.courtFabric[0]] })).toThrow(
      /a court chain is named twice/,
    );
    const { courtFabric: _, ...v1 } = trustJson;
    expect(parseBundleTrust({ ...v1, version: 1 }).courtFabric).toEqual([]);
  });

  it('fails with a bundle code when any signed byte of the court block or endorsement changes (random positions)', () => {
    const r = receiptOf(original);
    const fields = ['signature', 'block'] as const;
    for (let n = 0; n < 100; n++) {
      const field = fields[n % 2]!;
      const bytes = Buffer.from(r[field]!, 'base64');
      const signed =
        field === 'signature'
          ? [queryOf(bytes).proposalResponsePayload, ...queryOf(bytes).endorsements.flatMap((e) => [e.endorser, e.signature])]
          : [ProtoMessage.decode(bytes, 'Block').bytes(1), ...courtBlock(bytes).envelopes];
      const region = signed[randomInt(signed.length)]!;
      const at = region.byteOffset - bytes.byteOffset + randomInt(region.length);
      bytes[at]! ^= 1 << randomInt(8);
      const b = bundle();
      receiptOf(b)[field] = bytes.toString('base64');
      const codes = failures(b);
      if (codes.length === 0 || !codes.every((c) => c.startsWith('BUNDLE_')))
        throw new Error(`flipping a bit at ${field} byte ${at} gave ${codes.join(', ') || 'no failure'}`);
    }
  });
});
