import type { CheckResult } from './report';
import { failed, indeterminate, passed } from './report';

/**
 * The seal's status at the signing time as the ledger records it, looked up by the caller (the verifier
 * stays free of ledger types). `revokedAt` lets a seal revoked after the signature still pass.
 */
export interface LedgerSealStatus {
  state: 'active' | 'revoked' | 'suspended' | 'not-found';
  revokedAt?: Date;
  /** Where the status came from (channel, block, transaction id), echoed into the report. */
  evidence?: Record<string, unknown>;
  /**
   * A time by which the signature provably existed, from evidence the signer cannot forge (a ledger
   * anchor of this signature), and what proved it.
   */
  provenExisting?: { at: Date; by: string };
  /**
   * When true, "revoked after signing" must be proven by `provenExisting`: the signing time is the
   * signer's own claim, and whoever holds a leaked key can backdate it before the revocation.
   */
  requireProofBeforeRevocation?: boolean;
}

export function checkLedgerStatus(status: LedgerSealStatus | undefined, signingTime: Date): CheckResult {
  const id = 'signature.seal-ledger-status';
  // Without the ledger nothing says whether the seal was revoked: unknown, never a silent pass.
  if (status === undefined)
    return indeterminate(id, 'REVOCATION_UNKNOWN', "revocation unknown: the seal's status at signing time was not looked up on the ledger");
  const details = { state: status.state, revokedAt: status.revokedAt?.toISOString(), evidence: status.evidence };
  if (status.state === 'active') return passed(id, 'the ledger records the seal as active', details);
  if (status.state === 'revoked') {
    if (status.revokedAt !== undefined && status.revokedAt.getTime() > signingTime.getTime()) {
      const revokedAt = status.revokedAt;
      const proof = status.provenExisting;
      if (proof !== undefined && proof.at.getTime() < revokedAt.getTime()) {
        return passed(
          id,
          `the seal was active at signing time (revoked later, at ${revokedAt.toISOString()}; ${proof.by} proves the signature existed at ${proof.at.toISOString()})`,
          { ...details, provenExisting: { at: proof.at.toISOString(), by: proof.by } },
        );
      }
      if (status.requireProofBeforeRevocation) {
        return failed(
          id,
          'SEAL_REVOKED',
          `the seal was revoked at ${revokedAt.toISOString()}, and nothing but the signer's own claimed time shows the signature was made before that`,
          { ...details, ...(proof ? { provenExisting: { at: proof.at.toISOString(), by: proof.by } } : {}) },
        );
      }
      return passed(id, `the seal was active at signing time (revoked later, at ${revokedAt.toISOString()})`, details);
    }
    const proof = status.provenExisting;
    if (status.revokedAt !== undefined && proof !== undefined && proof.at.getTime() < status.revokedAt.getTime()) {
      // The claimed time is the signer's word; evidence the signer cannot forge outranks it.
      return passed(
        id,
        `${proof.by} proves the signature existed at ${proof.at.toISOString()}, before the seal was revoked (${status.revokedAt.toISOString()})`,
        { ...details, provenExisting: { at: proof.at.toISOString(), by: proof.by } },
      );
    }
    const compromised = status.evidence?.compromisedAt;
    const why =
      typeof compromised === 'string'
        ? `the seal's key was reported compromised at ${compromised}, before the claimed signing time`
        : 'the ledger records the seal as revoked at signing time';
    return failed(id, 'SEAL_REVOKED', why, details);
  }
  if (status.state === 'suspended')
    return failed(id, 'SEAL_NOT_ACTIVE', 'the ledger records the seal as not active at signing time', details);
  return failed(id, 'SEAL_NOT_ACTIVE', 'the ledger has no record of the seal', details);
}
