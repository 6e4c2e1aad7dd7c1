import { SealError } from '../../errors';
import { sm2Verify } from '../../crypto/sm2';
import { Sm2PublicKey } from '../../crypto/sm2-keys';
import { type BundleCheckLine, lineFromError, notChecked, pass } from './bundle-check';
import type { BundleTrust } from './bundle-trust';
import type { CourtReceipt } from './bundle-types';
import { type AnchoredBatchFacts, batchEvidenceStatement, evidenceDigest, readCourtReceiptBytes } from './court-receipt-bytes';

/**
 * One court-chain receipt of a signature's batch, offline: the court's SM2 signature over the receipt's
 * signed bytes holds under the key the trust file names for that court chain, the fields shown beside
 * it are the signed ones, and the digest the court recorded is that of the batch the ledger attested
 * (so a receipt of other evidence cannot be passed off). A court chain the trust file names no key for
 * is reported, not judged. `batch` is undefined when the batch's own attestation did not hold.
 */
export function checkCourtReceipt(
  receipt: CourtReceipt,
  id: string,
  batch: AnchoredBatchFacts | undefined,
  trust: Pick<BundleTrust, 'courtKeys'>,
): BundleCheckLine {
  const named = `court-chain receipt ${receipt.chain} ${receipt.evidenceId}`;
  const key = trust.courtKeys.find((k) => k.chain === receipt.chain);
  if (key === undefined) return notChecked(id, `${named}: the trust file names no key for court chain ${receipt.chain}`);
  try {
    const bytes = new Uint8Array(Buffer.from(receipt.receipt, 'base64'));
    const signed = readCourtReceiptBytes(bytes, id);
    if (receipt.signature === undefined) throw invalid(`${id}: the receipt carries no court signature`);
    const courtKey = Sm2PublicKey.fromPoint(Buffer.from(key.publicKey, 'hex'));
    if (!sm2Verify(courtKey, bytes, new Uint8Array(Buffer.from(receipt.signature, 'base64'))))
      throw invalid(`${id}: the court's signature does not hold under the key of ${receipt.chain}`);
    if (
      signed.evidenceId !== receipt.evidenceId ||
      (receipt.txHash !== undefined && signed.txHash !== receipt.txHash) ||
      (receipt.blockHeight !== undefined && signed.blockHeight !== receipt.blockHeight)
    )
      throw mismatch(`${id}: the evidence id, tx hash or height shown are not the ones the court signed`);
    if (batch === undefined) return notChecked(id, `${named}: signed by ${receipt.chain}; the batch it covers did not hold`);
    if (signed.evidenceId !== batch.batchId)
      throw mismatch(`${id}: the receipt is for evidence ${signed.evidenceId}, not batch ${batch.batchId}`);
    if (signed.digest !== evidenceDigest(batchEvidenceStatement(batch), signed.digestAlgorithm))
      throw mismatch(`${id}: the court recorded digest ${signed.digest}, which is not that of the attested batch ${batch.batchId}`);
    return pass(
      id,
      `court chain ${receipt.chain} recorded batch ${batch.batchId} as evidence ${signed.evidenceNumber} (tx ${signed.txHash}, height ${signed.blockHeight}) at ${signed.recordedAt}`,
      `court-chain key of ${receipt.chain} (trust file)`,
    );
  } catch (error) {
    return lineFromError(id, error);
  }
}

const invalid = (message: string) => new SealError('BUNDLE_COURT_RECEIPT_INVALID', message);
const mismatch = (message: string) => new SealError('BUNDLE_COURT_RECEIPT_MISMATCH', message);
