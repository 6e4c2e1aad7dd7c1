import { createHash } from 'node:crypto';
import { SealError } from '../../errors';

/**
 * The two byte strings a court-chain receipt rests on, written exactly as the relay and the court chain
 * write them (worker/src/relay/evidence.ts `batchEvidence`, worker/src/relay/court-chain/protocol.ts
 * `receiptSignedBytes`; test/evidence/court-receipt-contract.test.ts keeps them equal):
 *
 * - the evidence statement of an anchored batch, whose digest the court recorded;
 * - the receipt's signed bytes, a JSON array in fixed order, which the court signs with its SM2 key (or,
 *   answering many at once, the batch bytes naming the root of a Merkle tree of them).
 */
export interface SignedCourtReceipt {
  evidenceId: string;
  /** 存证编号 */
  evidenceNumber: string;
  txHash: string;
  blockHeight: number;
  recordedAt: string;
  digest: string;
  digestAlgorithm: 'SM3' | 'SHA256';
}

/** The batch as the ledger anchored it: everything here is in the attested batch record. */
export interface AnchoredBatchFacts {
  batchId: string;
  root: string;
  entryCount: number;
  txId: string;
  anchoredAt: string;
}

export function batchEvidenceStatement(batch: AnchoredBatchFacts): Uint8Array {
  return Buffer.from(
    JSON.stringify(['eseal.evidence.v1', 'BATCH', batch.batchId, batch.root, batch.entryCount, batch.txId, batch.anchoredAt]),
    'utf8',
  );
}

export function evidenceDigest(statement: Uint8Array, algorithm: SignedCourtReceipt['digestAlgorithm']): string {
  return createHash(algorithm === 'SM3' ? 'sm3' : 'sha256')
    .update(statement)
    .digest('hex');
}

export function courtReceiptSignedBytes(r: SignedCourtReceipt): Uint8Array {
  return Buffer.from(
    JSON.stringify([r.evidenceId, r.evidenceNumber, r.txHash, r.blockHeight, r.recordedAt, r.digest, r.digestAlgorithm]),
    'utf8',
  );
}

/**
 * What a court signs once for many receipts answered together (its batch route): the root of the SM3 Merkle
 * tree whose leaves are the receipts' bytes (RFC 6962 shape), and the tree's size
 * (worker/src/relay/court-chain/protocol.ts `receiptBatchSignedBytes`).
 */
export function courtReceiptBatchSignedBytes(root: string, treeSize: number): Uint8Array {
  return Buffer.from(JSON.stringify(['eseal.court-receipt-batch.v1', root, treeSize]), 'utf8');
}

/** Reads the signed bytes back; anything but the one spelling courtReceiptSignedBytes writes is refused. */
export function readCourtReceiptBytes(bytes: Uint8Array, field: string): SignedCourtReceipt {
  const unreadable = () =>
    new SealError('BUNDLE_COURT_RECEIPT_INVALID', `${field}: the receipt is not a court-chain receipt's signed bytes`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw unreadable();
  }
  if (!Array.isArray(value) || value.length !== 7) throw unreadable();
  const [evidenceId, evidenceNumber, txHash, blockHeight, recordedAt, digest, digestAlgorithm] = value as unknown[];
  const strings = [evidenceId, evidenceNumber, txHash, recordedAt, digest];
  if (
    !strings.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 256) ||
    !Number.isSafeInteger(blockHeight) ||
    (blockHeight as number) < 0 ||
    (digestAlgorithm !== 'SM3' && digestAlgorithm !== 'SHA256')
  )
    throw unreadable();
  const receipt: SignedCourtReceipt = {
    evidenceId: evidenceId as string,
    evidenceNumber: evidenceNumber as string,
    txHash: txHash as string,
    blockHeight: blockHeight as number,
    recordedAt: recordedAt as string,
    digest: digest as string,
    digestAlgorithm,
  };
  if (!Buffer.from(courtReceiptSignedBytes(receipt)).equals(Buffer.from(bytes))) throw unreadable();
  return receipt;
}
