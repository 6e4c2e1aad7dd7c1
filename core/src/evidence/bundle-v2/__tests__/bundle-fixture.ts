import { randomBytes } from 'node:crypto';
import { LocalSm2Signer } from '../../../crypto/signer';
import { Sm2PrivateKey } from '../../../crypto/sm2-keys';
import { MerkleTree, merkleLeafHash } from '../../../merkle';
import { DevelopmentCertificateAuthority } from '../../../x509/development-ca';
import { toPem } from '../../../x509/pem';
import { anchorLeafData, type AnchorEntryFacts } from '../../proof-bundle';
import type { BundleTrust } from '../bundle-trust';
import type { CourtReceipt, EmbeddedAttestationStatement, ProofBundleV2 } from '../bundle-types';
import { sm2Sign } from '../../../crypto/sm2';
import { sm3 } from '../../../crypto/sm3';
import { decodeSesSignature } from '../../../seal/signature-decode';
import { type AnchoredBatchFacts, batchEvidenceStatement, courtReceiptSignedBytes, evidenceDigest } from '../court-receipt-bytes';
import { signEmbeddedStatement } from '../embedded-statement';
import { parseBundleTrust } from '../bundle-trust';
import { verifyProofBundleV2 } from '../verify-bundle';

const hex32 = () => randomBytes(32).toString('hex');

export const DAY = 86_400_000;

/** A deep copy to tamper with, leaving the fixture as built. */
export const clone = (b: ProofBundleV2): ProofBundleV2 => JSON.parse(JSON.stringify(b));

/** The codes of the checks that failed, in the verifier's order. */
export const failCodes = (bundle: unknown, trust: BundleTrust) =>
  verifyProofBundleV2(bundle, trust)
    .checks.filter((c) => c.status === 'fail')
    .map((c) => c.code);

/** A ledger node with a development-CA certificate, signing statements about a growing fake chain. */
export async function fixtureNode() {
  const ca = await DevelopmentCertificateAuthority.create();
  const key = Sm2PrivateKey.generate();
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const certificate = await ca.issue({
    subject: { country: 'CN', organization: '电子印章服务（开发）', commonName: 'embedded ledger node' },
    publicKey: key.publicKey,
    notBefore: now,
    notAfter: new Date(now.getTime() + 365 * 86_400_000),
    profile: 'signer',
  });
  const signer = new LocalSm2Signer(key);
  let number = 0;
  let previousHash = '0'.repeat(64);
  const attest = async (fn: string, txId: string, timestamp: string, record: Record<string, unknown>, current = true) => {
    const hash = hex32();
    const block = { number: number++, hash, previousHash, txId, timestamp, fn };
    previousHash = hash;
    const statement: EmbeddedAttestationStatement = {
      type: 'eseal.ledger-attestation',
      version: 1,
      channel: 'eseal',
      block,
      head: { number: block.number, hash },
      record,
      current,
      attestedAt: new Date().toISOString(),
    };
    return signEmbeddedStatement(signer, statement);
  };
  const trust = (
    extra: Partial<Record<'caCertificates' | 'ledgerNodes', string[]>> & { courtKeys?: Array<{ chain: string; publicKey: string }> } = {},
  ): BundleTrust =>
    parseBundleTrust({
      format: 'eseal.trust',
      version: 1,
      caCertificates: extra.caCertificates ?? ca.chain().map((c) => toPem(c.der)),
      ledgerNodes: extra.ledgerNodes ?? [],
      courtKeys: extra.courtKeys ?? [],
    });
  return { ca, certificate, attest, trust, nodeCertificatePem: toPem(certificate.der) };
}

export type FixtureNode = Awaited<ReturnType<typeof fixtureNode>>;

/**
 * A document bundle: `signatures` signatures by one seal in one anchored batch of `batchSize` entries, the
 * seal issued 10 days ago, and optionally revoked (with its reason) at a given time.
 */
export async function documentBundle(
  node: FixtureNode,
  options: {
    signatures?: number;
    batchSize?: number;
    revoke?: { at: Date; reason: string; compromisedAt?: Date };
    anchoredAt?: Date;
    /** SES_Signatures (with their time-stamp tokens) of the first signatures: their SM3 becomes the entries' signatureSm3. */
    sesSignatures?: Uint8Array[];
    /** A court chain that recorded the batch: each signature carries its signed receipt. */
    court?: { chain: string; key: Sm2PrivateKey; digestAlgorithm?: 'SM3' | 'SHA256' };
  } = {},
): Promise<ProofBundleV2> {
  const sealId = `12010400${randomBytes(3).readUIntBE(0, 3).toString().padStart(5, '0').slice(0, 5)}`;
  const issuedAt = new Date(Date.now() - 10 * DAY);
  const validTo = new Date(Date.now() + 300 * DAY);
  const material = {
    imprintSm3: hex32(),
    certSerial: '01',
    certSm3: hex32(),
    sesealSm3: hex32(),
    validFrom: issuedAt.toISOString(),
    validTo: validTo.toISOString(),
  };
  const issueTx = hex32();
  const timeline: Record<string, unknown>[] = [
    { ...material, at: issuedAt.toISOString(), event: 'ISSUED', status: 'ACTIVE', txId: issueTx },
  ];
  const sealRecord = (status: string) => ({
    docType: 'seal',
    sealId,
    unitId: 'unit',
    kind: 'CONTRACT',
    status,
    version: timeline.length,
    issuedAt: issuedAt.toISOString(),
    ...material,
    timeline: [...timeline],
  });
  const history = [await node.attest('IssueSeal', issueTx, issuedAt.toISOString(), sealRecord('ACTIVE'), options.revoke === undefined)];

  const count = options.signatures ?? 2;
  const entries: AnchorEntryFacts[] = Array.from({ length: options.batchSize ?? Math.max(count, 5) }, (_, i) => ({
    recordId: `sig_${randomBytes(8).toString('hex')}`,
    sealId,
    signedAt: new Date(Date.now() - 5 * DAY + i * 1000).toISOString(),
    signatureSm3: options.sesSignatures?.[i] ? Buffer.from(sm3(options.sesSignatures[i])).toString('hex') : hex32(),
    documentSm3: hex32(),
  }));
  const tree = new MerkleTree(entries.map((e) => merkleLeafHash(anchorLeafData(e))));
  const root = Buffer.from(tree.root).toString('hex');
  const batchId = `batch_${randomBytes(6).toString('hex')}`;
  const anchorTx = hex32();
  const anchoredAt = (options.anchoredAt ?? new Date(Date.now() - 4 * DAY)).toISOString();
  const anchor = await node.attest('AnchorBatch', anchorTx, anchoredAt, {
    docType: 'batch',
    batchId,
    root,
    entryCount: entries.length,
    entriesSm3: hex32(),
    anchoredAt,
    anchoredBy: 'MakerMSP',
    txId: anchorTx,
  });

  if (options.revoke) {
    const revokeTx = hex32();
    timeline.push({
      ...material,
      at: options.revoke.at.toISOString(),
      event: 'REVOKED',
      status: 'REVOKED',
      txId: revokeTx,
      reason: options.revoke.reason,
      ...(options.revoke.compromisedAt ? { compromisedAt: options.revoke.compromisedAt.toISOString() } : {}),
    });
    history.push(await node.attest('RevokeSeal', revokeTx, options.revoke.at.toISOString(), sealRecord('REVOKED')));
  }
  const courtReceipts = options.court
    ? [courtReceiptOf(options.court, { batchId, root, entryCount: entries.length, txId: anchorTx, anchoredAt })]
    : undefined;
  const signatures = entries.slice(0, count).map((entry, i) => {
    const proof = tree.proof(i);
    const ses = options.sesSignatures?.[i];
    return {
      entry,
      merkle: { batchId, leafIndex: i, treeSize: proof.treeSize, path: proof.path, root },
      anchor,
      ...(courtReceipts ? { courtReceipts } : {}),
      ...(ses
        ? {
            timeStampToken: Buffer.from(decodeSesSignature(ses).timeStamp!).toString('base64'),
            sesSignature: Buffer.from(ses).toString('base64'),
          }
        : {}),
    };
  });
  return {
    format: 'eseal.proof-bundle',
    version: 2,
    subject: { kind: 'document', documentSm3: entries[count - 1]!.documentSm3 },
    ledger: { kind: 'embedded', channel: 'eseal', nodeCertificate: Buffer.from(node.certificate.der).toString('base64') },
    signatures,
    seals: [{ sealId, history }],
  };
}

/** A court chain's signed receipt of an anchored batch, as the relay stores it. */
function courtReceiptOf(
  court: { chain: string; key: Sm2PrivateKey; digestAlgorithm?: 'SM3' | 'SHA256' },
  batch: AnchoredBatchFacts,
): CourtReceipt {
  const digestAlgorithm = court.digestAlgorithm ?? 'SM3';
  const signed = {
    evidenceId: batch.batchId,
    evidenceNumber: `CCE-${randomBytes(4).toString('hex')}`,
    txHash: hex32(),
    blockHeight: 42,
    recordedAt: new Date().toISOString(),
    digest: evidenceDigest(batchEvidenceStatement(batch), digestAlgorithm),
    digestAlgorithm,
  };
  const bytes = courtReceiptSignedBytes(signed);
  return {
    chain: court.chain,
    evidenceId: signed.evidenceId,
    txHash: signed.txHash,
    blockHeight: signed.blockHeight,
    receipt: Buffer.from(bytes).toString('base64'),
    signature: Buffer.from(sm2Sign(court.key, bytes)).toString('base64'),
  };
}
