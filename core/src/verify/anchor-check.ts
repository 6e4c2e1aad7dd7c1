import type { LedgerSignatureView, VerificationLedger } from './ledger-port';
import type { PdfCheckResult } from './report';

/**
 * The ledger's per-signature record ties the signature hash to a seal, a signing time and the file
 * it produced. Not anchored yet is not a failure (the anchor job runs later); a record that
 * disagrees with the file is.
 */
export async function checkAnchor(
  ledger: VerificationLedger | undefined,
  facts: { signatureSm3: string; revisionSm3?: string; esID: string },
): Promise<{ check: PdfCheckResult; anchor?: LedgerSignatureView }> {
  if (ledger === undefined) return { check: { id: 'ledger.anchor', status: 'skipped', message: 'no ledger consulted' } };
  const anchor = await ledger.findSignature(facts.signatureSm3);
  if (anchor === undefined) return { check: { id: 'ledger.anchor', status: 'skipped', message: 'the signature is not anchored on the ledger (yet)', details: { signatureSm3: facts.signatureSm3 } } };
  const details = { batchId: anchor.batchId, txId: anchor.txId, anchoredAt: anchor.anchoredAt.toISOString(), recordId: anchor.recordId, signedAt: anchor.signedAt.toISOString() };
  if (anchor.sealCode !== facts.esID) {
    return { check: { id: 'ledger.anchor', status: 'fail', code: 'DATA_HASH_MISMATCH', message: 'the ledger anchored this signature for another seal', details: { ...details, ledgerSeal: anchor.sealCode, fileSeal: facts.esID } }, anchor };
  }
  if (facts.revisionSm3 !== undefined && anchor.documentSm3 !== facts.revisionSm3) {
    return { check: { id: 'ledger.anchor', status: 'fail', code: 'DATA_HASH_MISMATCH', message: 'the ledger anchored this signature for a different document', details: { ...details, ledgerDocumentSm3: anchor.documentSm3, fileRevisionSm3: facts.revisionSm3 } }, anchor };
  }
  return { check: { id: 'ledger.anchor', status: 'pass', message: `anchored in batch ${anchor.batchId}`, details }, anchor };
}
