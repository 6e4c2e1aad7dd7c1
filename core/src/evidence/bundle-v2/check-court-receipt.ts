import { SealError } from '../../errors';
import { merkleLeafHash, verifyInclusion } from '../../merkle';
import { sm2Verify } from '../../crypto/sm2';
import { Sm2PublicKey } from '../../crypto/sm2-keys';
import { type BundleCheckLine, lineFromError, notChecked, pass } from './bundle-check';
import type { BundleTrust } from './bundle-trust';
import type { CourtReceipt } from './bundle-types';
import {
  type AnchoredBatchFacts,
  type SignedCourtReceipt,
  batchEvidenceStatement,
  courtReceiptBatchSignedBytes,
  evidenceDigest,
  readCourtReceiptBytes,
} from './court-receipt-bytes';
import { checkCourtEndorsement } from './fabric/check-court-endorsement';

/**
 * One court-chain receipt of a signature's batch, offline: the court vouches for the receipt's bytes under
 * the anchor the trust file names for that court chain (an SM2 key, or a court organisation's Fabric CA and
 * endorsement policy: fabric/check-court-endorsement.ts), the fields shown beside it are the vouched ones,
 * and the digest the court recorded is that of the batch the ledger attested (so a receipt of other
 * evidence cannot be passed off). A court chain the trust file names no anchor for is reported, not
 * judged. `batch` is undefined when the batch's own attestation did not hold.
 */
export function checkCourtReceipt(
  receipt: CourtReceipt,
  id: string,
  batch: AnchoredBatchFacts | undefined,
  trust: Pick<BundleTrust, 'courtKeys' | 'courtFabric'>,
): BundleCheckLine {
  const named = `court-chain receipt ${receipt.chain} ${receipt.evidenceId}`;
  const court = trust.courtFabric?.find((c) => c.chain === receipt.chain);
  const key = trust.courtKeys.find((k) => k.chain === receipt.chain);
  if (court === undefined && key === undefined)
    return notChecked(id, `${named}: the trust file names no key or Fabric organisation for court chain ${receipt.chain}`);
  try {
    const bytes = new Uint8Array(Buffer.from(receipt.receipt, 'base64'));
    const signed = readCourtReceiptBytes(bytes, id);
    const vouched =
      court !== undefined
        ? checkCourtEndorsement(receipt, signed, court, id)
        : { anchor: sm2Holds(receipt, bytes, key!, id), heightAttested: true };
    const anchor = court !== undefined ? `court chain ${receipt.chain}: ${vouched.anchor}` : vouched.anchor;
    if (
      signed.evidenceId !== receipt.evidenceId ||
      (receipt.txHash !== undefined && signed.txHash !== receipt.txHash) ||
      (receipt.blockHeight !== undefined && signed.blockHeight !== receipt.blockHeight)
    )
      throw mismatch(`${id}: the evidence id, tx hash or height shown are not the ones the court vouched for`);
    if (batch === undefined) return notChecked(id, `${named}: vouched for by ${receipt.chain}; the batch it covers did not hold`);
    assertCoversBatch(signed, batch, id);
    const recorded = `court chain ${receipt.chain} recorded batch ${batch.batchId} as evidence ${signed.evidenceNumber} (tx ${signed.txHash}`;
    if (!vouched.heightAttested)
      return notChecked(
        id,
        `${recorded}) at ${signed.recordedAt}, ${anchor}; height ${signed.blockHeight} not attested: the receipt carries no court block`,
      );
    return pass(id, `${recorded}, height ${signed.blockHeight}) at ${signed.recordedAt}`, anchor);
  } catch (error) {
    return lineFromError(id, error);
  }
}

/**
 * The court's SM2 signature, under the key the trust file names for its chain: over the receipt's bytes, or,
 * for a receipt answered in a batch, over the batch's root, which the receipt's bytes must reach.
 */
function sm2Holds(receipt: CourtReceipt, bytes: Uint8Array, key: BundleTrust['courtKeys'][number], id: string): string {
  if (receipt.signature === undefined) throw invalid(`${id}: the receipt carries no court signature`);
  const courtKey = Sm2PublicKey.fromPoint(Buffer.from(key.publicKey, 'hex'));
  let signed = bytes;
  if (receipt.batch !== undefined) {
    const { root, treeSize } = receipt.batch;
    if (!verifyInclusion(merkleLeafHash(bytes), receipt.batch, new Uint8Array(Buffer.from(root, 'hex'))))
      throw invalid(`${id}: the receipt is not in the batch of receipts the court signed (root ${root})`);
    signed = courtReceiptBatchSignedBytes(root, treeSize);
  }
  if (!sm2Verify(courtKey, signed, new Uint8Array(Buffer.from(receipt.signature, 'base64'))))
    throw invalid(`${id}: the court's signature does not hold under the key of ${receipt.chain}`);
  return `court-chain key of ${receipt.chain} (trust file)`;
}

/** The receipt is of this batch, and the court recorded the digest of the batch as the ledger attested it. */
function assertCoversBatch(signed: SignedCourtReceipt, batch: AnchoredBatchFacts, id: string): void {
  if (signed.evidenceId !== batch.batchId)
    throw mismatch(`${id}: the receipt is for evidence ${signed.evidenceId}, not batch ${batch.batchId}`);
  if (signed.digest !== evidenceDigest(batchEvidenceStatement(batch), signed.digestAlgorithm))
    throw mismatch(`${id}: the court recorded digest ${signed.digest}, which is not that of the attested batch ${batch.batchId}`);
}

const invalid = (message: string) => new SealError('BUNDLE_COURT_RECEIPT_INVALID', message);
const mismatch = (message: string) => new SealError('BUNDLE_COURT_RECEIPT_MISMATCH', message);
