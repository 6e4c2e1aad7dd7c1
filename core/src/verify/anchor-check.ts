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
  if (anchor === undefined) {
    const window = facts.windowMs ?? ANCHORING_WINDOW_MS;
    const details = { signatureSm3: facts.signatureSm3, anchoringWindowMs: window };
    // A ledger that cannot find every signature by itself (no key per signature: a CLI on Fabric given no
    // proof bundle) is not evidence of absence, but not evidence of existence either: past the window the
    // verdict stays open, as for a signature the ledger never saw. A backdated signature made with a
    // leaked key must not come out VALID because its batch could not be looked up.
    const unlocated = ledger.findsEverySignature === false;
    if (facts.now.getTime() - facts.claimed.getTime() > window) {
      return {
        check: {
          id: 'ledger.anchor',
          status: 'indeterminate',
          code: 'EVIDENCE_MISSING',
          message: unlocated
            ? "the signature's anchoring batch is not known here: give its proof bundle (--bundle) to check its anchor"
            : 'the signature is not anchored on the ledger, though its anchoring window has passed',
          details,
        },
      };
    }
    return {
      check: {
        id: 'ledger.anchor',
        status: 'skipped',
        message: unlocated
          ? "the signature's anchoring batch is not known here (its proof bundle names it), within its anchoring window"
          : 'the signature is not anchored on the ledger yet (within its anchoring window)',
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
