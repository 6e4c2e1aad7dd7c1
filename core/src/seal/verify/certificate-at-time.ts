import type { CheckId, CheckResult } from './report';
import { failed, indeterminate, passed } from './report';
import type { CertificateRole, CertificateTrustResult, CertificateView, SealTrust } from './trust';

export type ReadCertificateResult = { view: CertificateView } | { error: CheckResult };

/** Certificate bytes inside seal data are attacker-controlled: a parser failure is a check result, not a crash. */
export function readCertificate(trust: SealTrust, der: Uint8Array, id: CheckId, what: string): ReadCertificateResult {
  try {
    return { view: trust.parseCertificate(der) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { error: failed(id, 'CERT_INVALID', `${what} is not a usable SM2 certificate`, { reason }) };
  }
}

/**
 * Judge a certificate at time `at` (the signing time for signatures): its own validity window, the chain
 * (through the injected trust), and revocation. A revocation dated after `at` does not fail the check: the
 * certificate was good when it was used, which is what the standard asks.
 */
export async function checkCertificateAt(
  trust: SealTrust,
  view: CertificateView,
  at: Date,
  role: CertificateRole,
  id: CheckId,
  what: string,
): Promise<CheckResult> {
  const base = {
    serial: view.serialHex,
    subject: view.subject,
    notBefore: view.notBefore.toISOString(),
    notAfter: view.notAfter.toISOString(),
    at: at.toISOString(),
  };
  if (at.getTime() < view.notBefore.getTime())
    return failed(id, 'CERT_NOT_YET_VALID', `${what} was not yet valid at ${at.toISOString()}`, base);
  if (at.getTime() > view.notAfter.getTime()) return failed(id, 'CERT_EXPIRED', `${what} had expired at ${at.toISOString()}`, base);
  let outcome: CertificateTrustResult;
  try {
    outcome = await trust.checkCertificate(view.der, at, role);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failed(id, 'CERT_CHAIN_INVALID', `${what}: trust check could not be completed`, { ...base, reason });
  }
  if (outcome.status === 'untrusted') return failed(id, outcome.code, `${what}: ${outcome.message}`, base);
  if (outcome.status === 'revoked') {
    const revokedAt = outcome.revokedAt.toISOString();
    if (outcome.revokedAt.getTime() <= at.getTime()) {
      return failed(id, 'CERT_REVOKED', `${what} was revoked at ${revokedAt}, before ${at.toISOString()}`, {
        ...base,
        revokedAt,
        reason: outcome.reason,
      });
    }
    return passed(id, `${what} was valid at ${at.toISOString()} (revoked later, at ${revokedAt})`, {
      ...base,
      revokedAt,
      reason: outcome.reason,
    });
  }
  if (outcome.revocationUnknown) {
    return indeterminate(
      id,
      'REVOCATION_UNKNOWN',
      `revocation unknown: ${what} chains to a trusted root, but no CRL covers ${at.toISOString()}`,
      { ...base, ...outcome.details },
    );
  }
  return passed(id, `${what} was valid and trusted at ${at.toISOString()}`, { ...base, ...outcome.details });
}
