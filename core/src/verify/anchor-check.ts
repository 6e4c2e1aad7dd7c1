import type { LedgerSignatureView, VerificationLedger } from './ledger-port';
import type { PdfCheckResult } from './report';

/**
 * How long after its claimed time a signature made through the service is surely anchored: the
 * anchor job runs within seconds, so a day without an anchor means the evidence is missing.
 */
export const ANCHORING_WINDOW_MS = 24 * 3600_000;

/**
 * The ledger's per-signature record ties the signature hash to a seal, a signing time and the file
 * it produced. Not anchored yet is not a failure (the anchor job runs later); still not anchored
 * after the anchoring window is INDETERMINATE (no evidence the signature existed when it claims);
 * a record that disagrees with the file fails.
 */
export async function checkAnchor(
  ledger: VerificationLedger | undefined,
  facts: { signatureSm3: string; revisionSm3?: string; esID: string; claimed: Date; now: Date; windowMs?: number },
): Promise<{ check: PdfCheckResult; anchor?: LedgerSignatureView }> {
  if (ledger === undefined) return { check: { id: 'ledger.anchor', status: 'skipped', message: 'no ledger consulted' } };
  const anchor = await ledger.findSignature(facts.signatureSm3);
  if (anchor === undefined && ledger.findsEverySignature === false) {
    return {
      check: {
        id: 'ledger.anchor',
        status: 'skipped',
        message: "the signature's anchoring batch is not known here (its proof bundle names it), so its anchor was not looked up",
        details: { signatureSm3: facts.signatureSm3 },
      },
    };
  }
  if (anchor === undefined) {
    const window = facts.windowMs ?? ANCHORING_WINDOW_MS;
    const details = { signatureSm3: facts.signatureSm3, anchoringWindowMs: window };
    if (facts.now.getTime() - facts.claimed.getTime() > window) {
      return {
        check: {
          id: 'ledger.anchor',
          status: 'indeterminate',
          code: 'EVIDENCE_MISSING',
          message: 'the signature is not anchored on the ledger, though its anchoring window has passed',
          details,
        },
      };
    }
    return {
      check: {
        id: 'ledger.anchor',
        status: 'skipped',
        message: 'the signature is not anchored on the ledger yet (within its anchoring window)',
        details,
      },
    };
  }
  const details = {
    batchId: anchor.batchId,
    txId: anchor.txId,
    anchoredAt: anchor.anchoredAt.toISOString(),
    recordId: anchor.recordId,
    signedAt: anchor.signedAt.toISOString(),
  };
  if (anchor.sealCode !== facts.esID) {
    return {
      check: {
        id: 'ledger.anchor',
        status: 'fail',
        code: 'DATA_HASH_MISMATCH',
        message: 'the ledger anchored this signature for another seal',
        details: { ...details, ledgerSeal: anchor.sealCode, fileSeal: facts.esID },
      },
      anchor,
    };
  }
  if (facts.revisionSm3 !== undefined && anchor.documentSm3 !== facts.revisionSm3) {
    return {
      check: {
        id: 'ledger.anchor',
        status: 'fail',
        code: 'DATA_HASH_MISMATCH',
        message: 'the ledger anchored this signature for a different document',
        details: { ...details, ledgerDocumentSm3: anchor.documentSm3, fileRevisionSm3: facts.revisionSm3 },
      },
      anchor,
    };
  }
  return { check: { id: 'ledger.anchor', status: 'pass', message: `anchored in batch ${anchor.batchId}`, details }, anchor };
}
