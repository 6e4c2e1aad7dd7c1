import type { LedgerAttestation, ProofBundleV2 } from '@eseal/core';
import type { RelayDoc } from '../../../relay';
import type { CourtChainReceiptFacts, LedgerPlace, VerificationSummary } from './certificate-facts';
import type { BundleVerification } from '@eseal/core';

/** The block and transaction an attestation names (embedded ledger statements carry both). */
export function placeOf(attestation: LedgerAttestation): LedgerPlace {
  if (attestation.kind === 'fabric-transaction') return { txId: attestation.txId };
  const statement = JSON.parse(attestation.statement) as { block: { number: number; txId: string } };
  return { txId: statement.block.txId, blockNumber: statement.block.number };
}

/** Receipts of the relays a court chain answered (SUBMITTED or CONFIRMED). */
export function receiptsOf(relays: readonly RelayDoc[]): CourtChainReceiptFacts[] {
  return relays
    .filter((r) => r.receipt !== undefined && (r.state === 'SUBMITTED' || r.state === 'CONFIRMED'))
    .map((r) => ({
      chain: r.adapterId,
      evidenceNumber: r.receipt!.evidenceNumber,
      txHash: r.receipt!.txHash,
      blockHeight: r.receipt!.blockHeight,
      recordedAt: r.receipt!.recordedAt,
    }));
}

export function summariseCheck(result: BundleVerification): VerificationSummary {
  return {
    verdict: result.verdict,
    passed: result.checks.filter((c) => c.status === 'pass').length,
    total: result.checks.length,
    problems: result.checks.flatMap((c) => (c.status === 'fail' && c.code ? [c.code] : [])),
  };
}

/** What the certificate says when there is no offline bundle to check. */
export const NO_BUNDLE: VerificationSummary = { verdict: 'INDETERMINATE', passed: 0, total: 0, problems: [] };

/** A bundle as a reader gets it: JSON text and back, so the check sees exactly what the archive holds. */
export const asShipped = (bundle: ProofBundleV2): unknown => JSON.parse(JSON.stringify(bundle));
