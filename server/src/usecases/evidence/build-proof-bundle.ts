import { SealError, type BundleSignature, type BundleSubject, type CourtReceipt, type ProofBundleV2 } from '@eseal/core';
import type { LedgerAttestor } from '../../ledger';
import type { AnchorStatus, SigningRecordDoc } from '../../store/signing';
import { bundleCourtReceipts, bundleTimeStamp, type RelaysOfBatch } from './bundle-extras';

/** A signing record with its anchoring (kept apart from the insert-only record: store/signing/anchor-status.ts). */
export type AnchoredRecord = Pick<
  SigningRecordDoc,
  '_id' | 'sealCode' | 'signedAt' | 'signatureSm3' | 'documentSm3After' | 'sesSignature'
> & {
  anchor: AnchorStatus;
};

/**
 * A v2 proof bundle from anchored signing records: per signature its entry, Merkle path and the ledger's
 * attestation of the batch root (the embedded node's statement, or the Fabric transaction and its block),
 * the court chains' receipts of its batch and its time-stamp token when there are; per seal its attested history. Every record must be anchored:
 * a bundle with a signature the ledger cannot vouch for would not be self-contained.
 */
export async function buildProofBundle(
  attestor: LedgerAttestor,
  subject: BundleSubject,
  records: readonly AnchoredRecord[],
  relaysOfBatch?: RelaysOfBatch,
): Promise<ProofBundleV2> {
  const batches = new Map<string, ReturnType<LedgerAttestor['attestBatch']>>();
  const receipts = new Map<string, Promise<CourtReceipt[]>>();
  const signatures: BundleSignature[] = [];
  for (const record of records) {
    const a = record.anchor;
    if (a.state !== 'ANCHORED' || a.batchId === undefined || a.leafIndex === undefined || a.treeSize === undefined || !a.proof || !a.root) {
      throw new SealError('NOT_FOUND', 'a signature of the document is not anchored yet: no self-contained bundle exists', {
        details: { recordId: record._id, anchorState: a.state },
      });
    }
    if (!batches.has(a.batchId)) batches.set(a.batchId, attestor.attestBatch(a.batchId));
    if (relaysOfBatch && !receipts.has(a.batchId)) receipts.set(a.batchId, relaysOfBatch(a.batchId).then(bundleCourtReceipts));
    const courtReceipts = (await receipts.get(a.batchId)) ?? [];
    signatures.push({
      entry: {
        recordId: record._id,
        sealId: record.sealCode,
        signedAt: new Date(record.signedAt).toISOString(),
        signatureSm3: record.signatureSm3,
        documentSm3: record.documentSm3After,
      },
      merkle: { batchId: a.batchId, leafIndex: a.leafIndex, treeSize: a.treeSize, path: [...a.proof], root: a.root },
      anchor: await batches.get(a.batchId)!,
      ...(courtReceipts.length > 0 ? { courtReceipts } : {}),
      ...bundleTimeStamp(record),
    });
  }
  const sealIds = [...new Set([...(subject.kind === 'seal' ? [subject.sealId] : []), ...records.map((r) => r.sealCode)])];
  const seals = await Promise.all(sealIds.map(async (sealId) => ({ sealId, ...(await attestor.attestSealHistory(sealId)) })));
  return {
    format: 'eseal.proof-bundle',
    version: 2,
    subject,
    ledger: {
      kind: attestor.ledgerKind,
      channel: attestor.channel,
      ...(attestor.nodeCertificateDer ? { nodeCertificate: Buffer.from(attestor.nodeCertificateDer).toString('base64') } : {}),
    },
    signatures,
    seals,
  };
}
