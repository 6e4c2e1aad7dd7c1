import type { CheckResult } from './report';
import { failed, passed, skipped } from './report';

/**
 * The seal's status at the signing time as the ledger records it, looked up by the caller (the verifier
 * stays free of ledger types). `revokedAt` lets a seal revoked after the signature still pass.
 */
export interface LedgerSealStatus {
  state: 'active' | 'revoked' | 'suspended' | 'not-found';
  revokedAt?: Date;
  /** Where the status came from (channel, block, transaction id), echoed into the report. */
  evidence?: Record<string, unknown>;
}

export function checkLedgerStatus(status: LedgerSealStatus | undefined, signingTime: Date): CheckResult {
  const id = 'signature.seal-ledger-status';
  if (status === undefined) return skipped(id, 'no ledger status supplied');
  const details = { state: status.state, revokedAt: status.revokedAt?.toISOString(), evidence: status.evidence };
  if (status.state === 'active') return passed(id, 'the ledger records the seal as active', details);
  if (status.state === 'revoked') {
    if (status.revokedAt !== undefined && status.revokedAt.getTime() > signingTime.getTime()) {
      return passed(id, `the seal was active at signing time (revoked later, at ${status.revokedAt.toISOString()})`, details);
    }
    return failed(id, 'SEAL_REVOKED', 'the ledger records the seal as revoked at signing time', details);
  }
  if (status.state === 'suspended') return failed(id, 'SEAL_NOT_ACTIVE', 'the ledger records the seal as not active at signing time', details);
  return failed(id, 'SEAL_NOT_ACTIVE', 'the ledger has no record of the seal', details);
}
