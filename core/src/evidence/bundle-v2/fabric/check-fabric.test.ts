/**
 * Offline checks of a proof bundle recorded from the local Fabric network (fabric:up; one contract seal,
 * one signature anchored, the seal revoked afterwards) against the trust file fabric:up wrote: only CA
 * certificates, the endorsement policy and the orderers, no key. Every tamper case has its own code.
 */
import { X509Certificate, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode } from '../../../errors';
import { parseBundleTrust } from '../bundle-trust';
import type { FabricTransactionAttestation, ProofBundleV2 } from '../bundle-types';
import { verifyProofBundleV2 } from '../verify-bundle';
import { decodeBlock, decodeEndorsedTransaction, envelopeTxId } from './block-messages';
import { ProtoMessage } from './protobuf';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8'));
const original: ProofBundleV2 = fixture('fabric-bundle.json');
const trustJson = fixture('fabric-trust.json');
const trust = parseBundleTrust(trustJson);
const bundle = () => structuredClone(original);

const failures = (b: unknown, t = trust): ErrorCode[] => [
  ...new Set(
    verifyProofBundleV2(b, t)
      .checks.filter((c) => c.status === 'fail')
      .map((c) => c.code!),
  ),
];

/** Flips one byte of the block where `locate` points (a view into the decoded block), in place. */
function tamperBlock(
  attestation: FabricTransactionAttestation,
  locate: (block: ReturnType<typeof decodeBlock>, bytes: Buffer, txIndex: number) => Uint8Array,
  value?: number,
): void {
  const bytes = Buffer.from(attestation.block, 'base64');
  const block = decodeBlock(bytes);
  const txIndex = block.envelopes.findIndex((e) => envelopeTxId(e) === attestation.txId);
  const target = locate(block, bytes, txIndex);
  const at = target.byteOffset + Math.floor(target.length / 2);
  expect(target.buffer).toBe(bytes.buffer);
  bytes[at - bytes.byteOffset] = value ?? bytes[at - bytes.byteOffset]! ^ 0x01;
  attestation.block = bytes.toString('base64');
}

const anchorOf = (b: ProofBundleV2) => b.signatures[0]!.anchor as FabricTransactionAttestation;
const txOf = (block: ReturnType<typeof decodeBlock>, i: number) => decodeEndorsedTransaction(block.envelopes[i]!);

describe('Fabric attestations in proof bundle v2, checked offline', () => {
  it('holds for the recorded bundle: endorsements by both organisations, the orderer, the current seal record', () => {
    const result = verifyProofBundleV2(bundle(), trust);
    expect(result.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(result.verdict).toBe('VALID');
    const anchor = result.checks.find((c) => c.id === 'signatures[0].anchor')!;
    expect(anchor.anchor).toMatch(
      /^endorsed by MakerMSP peer peer0\.maker\.eseal\.local, certified by ca\.maker\.eseal\.local; PublicSecurityMSP peer/,
    );
    expect(anchor.anchor).toMatch(/signed by OrdererMSP orderer orderer0\.orderer\.eseal\.local, certified by ca\.orderer\.eseal\.local$/);
  });

  it('is ECDSA P-256 with SHA-256 on the local network', () => {
    const block = decodeBlock(Buffer.from(anchorOf(original).block, 'base64'));
    const tx = decodeEndorsedTransaction(block.envelopes.find((e) => envelopeTxId(e) === anchorOf(original).txId)!);
    expect(tx.endorsements).toHaveLength(2);
    const pem = new TextDecoder().decode(ProtoMessage.decode(tx.endorsements[0]!.endorser, 'id').bytes(2));
    expect(new X509Certificate(pem).publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
  });

  const cases: Array<[string, (b: ProofBundleV2) => void, ErrorCode]> = [
    [
      'an endorsement signature',
      (b) => tamperBlock(anchorOf(b), (block, _, i) => txOf(block, i).endorsements[0]!.signature),
      'BUNDLE_ENDORSEMENT_INVALID',
    ],
    [
      'the record in the read-write set (the batch root)',
      (b) => tamperBlock(anchorOf(b), (block, _, i) => txOf(block, i).writes.find((w) => w.key.startsWith('\u0000batch'))!.value),
      'BUNDLE_ENDORSEMENT_INVALID',
    ],
    [
      'an endorser certificate',
      (b) => tamperBlock(anchorOf(b), (block, _, i) => txOf(block, i).endorsements[1]!.endorser),
      'BUNDLE_ENDORSER_UNTRUSTED',
    ],
    [
      'the client signature of the envelope (covered by the data hash only)',
      (b) => tamperBlock(anchorOf(b), (block, _, i) => ProtoMessage.decode(block.envelopes[i]!, 'Envelope').bytes(2)),
      'BUNDLE_TX_NOT_IN_BLOCK',
    ],
    [
      'the previous block hash in the header',
      (b) => tamperBlock(anchorOf(b), (block) => block.previousHash),
      'BUNDLE_ORDERER_SIGNATURE_INVALID',
    ],
    [
      "the orderer's signature",
      (b) => tamperBlock(anchorOf(b), (block) => block.signatures.signatures[0]!.signature),
      'BUNDLE_ORDERER_SIGNATURE_INVALID',
    ],
    [
      'the validation flag (MVCC conflict)',
      (b) => tamperBlock(anchorOf(b), (block, _, i) => block.validationCodes.subarray(i, i + 1), 11),
      'BUNDLE_TX_INVALIDATED',
    ],
    ['the transaction id', (b) => void (anchorOf(b).txId = 'ab'.repeat(32)), 'BUNDLE_TX_NOT_IN_BLOCK'],
    [
      'a seal transaction in place of the anchoring one',
      (b) => void (b.signatures[0]!.anchor = b.seals[0]!.history[0]!),
      'BUNDLE_RECORD_MISMATCH',
    ],
    ['the channel', (b) => void (b.ledger.channel = 'other'), 'BUNDLE_RECORD_MISMATCH'],
    [
      'an endorsement of the current-state query',
      (b) => {
        const envelope = Buffer.from(b.seals[0]!.current!.envelope, 'base64');
        const signature = decodeEndorsedTransaction(envelope).endorsements[0]!.signature;
        envelope[signature.byteOffset - envelope.byteOffset + 10]! ^= 1;
        b.seals[0]!.current!.envelope = envelope.toString('base64');
      },
      'BUNDLE_ENDORSEMENT_INVALID',
    ],
  ];
  it.each(cases)('tampering with %s fails with its own code', (_, tamper, code) => {
    const b = bundle();
    tamper(b);
    expect(failures(b)).toEqual([code]);
  });

  it('a history that leaves out the revocation, or without the endorsed query, is incomplete', () => {
    const withoutRevocation = bundle();
    withoutRevocation.seals[0]!.history.pop();
    expect(failures(withoutRevocation)).toContain('BUNDLE_HISTORY_INCOMPLETE');
    const withoutQuery = bundle();
    delete withoutQuery.seals[0]!.current;
    expect(failures(withoutQuery)).toContain('BUNDLE_HISTORY_INCOMPLETE');
  });

  it('holds only against the organisations, policy and orderers the court trusts', () => {
    expect(failures(bundle(), parseBundleTrust({ format: 'eseal.trust', version: 1 }))).toContain('BUNDLE_ANCHOR_UNTRUSTED');
    const stricter = structuredClone(trustJson);
    stricter.fabric.endorsement.allOf.push('CourtMSP');
    expect(failures(bundle(), parseBundleTrust(stricter))).toEqual(['BUNDLE_ENDORSEMENT_POLICY_UNMET']);
    const noOrderer = structuredClone(trustJson);
    noOrderer.fabric.orderers = ['CourtMSP'];
    expect(failures(bundle(), parseBundleTrust(noOrderer))).toEqual(['BUNDLE_ORDERER_SIGNATURE_INVALID']);
    const swapped = structuredClone(trustJson);
    const ca = (msp: string) => swapped.fabric.organisations.find((o: { mspId: string }) => o.mspId === msp);
    ca('PublicSecurityMSP').caCertificates = ca('CourtMSP').caCertificates;
    expect(failures(bundle(), parseBundleTrust(swapped))).toEqual(['BUNDLE_ENDORSER_UNTRUSTED']);
  });

  it('fails with a bundle code when any signed byte of a block changes (random positions)', () => {
    const { block: text } = anchorOf(original);
    const bytes = Buffer.from(text, 'base64');
    const block = decodeBlock(bytes);
    // Signed regions: the header (orderer), every envelope (data hash), the orderer's signature metadata.
    const headerView = ProtoMessage.decode(bytes, 'Block').bytes(1);
    const metadataView = ProtoMessage.decode(ProtoMessage.decode(bytes, 'Block').bytes(3), 'BlockMetadata').repeatedBytes(1)[0]!;
    const regions = [headerView, ...block.envelopes, metadataView].map((v) => [v.byteOffset - bytes.byteOffset, v.length] as const);
    const total = regions.reduce((n, [, length]) => n + length, 0);
    for (let n = 0; n < 200; n++) {
      let pick = randomInt(total);
      const [start] = regions.find(([, length]) => (pick < length ? true : ((pick -= length), false)))!;
      const copy = Buffer.from(bytes);
      copy[start + pick]! ^= 1 << randomInt(8);
      const b = bundle();
      anchorOf(b).block = copy.toString('base64');
      const codes = failures(b);
      if (codes.length === 0 || !codes.every((c) => c.startsWith('BUNDLE_')))
        throw new Error(`flipping a bit at block byte ${start + pick} gave ${codes.join(', ') || 'no failure'}`);
    }
  });
});
