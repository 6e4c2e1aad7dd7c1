import { SealError } from '../../errors';
import type { Certificate } from '../certificate';
import type { Crl } from '../crl';
import { nameToString, namesMatch } from '../name';
import type { RevocationReason } from '../revocation-reason';
import { describeCertificate } from './describe';
import { assertSm2Signature } from './signed-object';
import { bytesEqual } from '../bytes';

/**
 * Revocation status of one certificate as of the verification time `at`:
 * - good: a valid CRL covering `at` does not list it;
 * - revoked-after: listed, but revoked after `at`; a signature made at `at` stands, the caller decides;
 * - unknown: no CRL from its issuer covers `at`.
 * Revoked at or before `at` is not a status: it is the CERT_REVOKED error.
 */
export type RevocationStatus =
  | { readonly status: 'good'; readonly crlNumber?: bigint; readonly crlThisUpdate: Date }
  | {
      readonly status: 'revoked-after';
      readonly revokedAt: Date;
      readonly reason: RevocationReason;
      readonly crlNumber?: bigint;
      readonly crlThisUpdate: Date;
    }
  | { readonly status: 'unknown'; readonly why: 'NO_CRL' | 'CRL_DOES_NOT_COVER_TIME' };

export type CertificateRevocationCheck = RevocationStatus & { readonly depth: number; readonly serialNumber: bigint };

/** Status of `cert` (at `depth` in the path) from the CRLs signed by `issuer`. */
export function checkRevocation(cert: Certificate, issuer: Certificate, depth: number, crls: readonly Crl[], at: Date): RevocationStatus {
  const fromIssuer = crls.filter((crl) => isFromIssuer(crl, issuer));
  if (fromIssuer.length === 0) return { status: 'unknown', why: 'NO_CRL' };
  for (const crl of fromIssuer) assertCrlIssuedBy(crl, issuer, depth + 1);

  let laterRevocation: { crl: Crl; revokedAt: Date; reason: RevocationReason } | undefined;
  for (const crl of fromIssuer) {
    const entry = crl.entryFor(cert.serialNumber);
    if (!entry || entry.reason === 'removeFromCRL') continue;
    if (entry.revokedAt.getTime() <= at.getTime()) {
      throw new SealError(
        'CERT_REVOKED',
        `certificate ${cert.serialHex} was revoked on ${entry.revokedAt.toISOString()} (${entry.reason})`,
        {
          details: {
            ...describeCertificate(cert, depth),
            revokedAt: entry.revokedAt.toISOString(),
            reason: entry.reason,
            at: at.toISOString(),
          },
        },
      );
    }
    if (!laterRevocation || entry.revokedAt < laterRevocation.revokedAt) laterRevocation = { crl, ...entry };
  }
  if (laterRevocation) {
    const { crl, revokedAt, reason } = laterRevocation;
    return { status: 'revoked-after', revokedAt, reason, crlNumber: crl.crlNumber, crlThisUpdate: crl.thisUpdate };
  }
  // A CRL speaks for `at` if it was issued after `at`, or if `at` falls before its promised next update.
  const covering = fromIssuer
    .filter((crl) => crl.thisUpdate >= at || (crl.nextUpdate !== undefined && crl.nextUpdate >= at))
    .sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime())[0];
  if (!covering) return { status: 'unknown', why: 'CRL_DOES_NOT_COVER_TIME' };
  return { status: 'good', crlNumber: covering.crlNumber, crlThisUpdate: covering.thisUpdate };
}

function isFromIssuer(crl: Crl, issuer: Certificate): boolean {
  if (!namesMatch(crl.issuer, issuer.subject)) return false;
  const aki = crl.authorityKeyIdentifier;
  const ski = issuer.extensions.subjectKeyIdentifier;
  return !aki || !ski || bytesEqual(aki, ski);
}

/**
 * Check that `crl` was signed by `issuer`, which must be allowed to sign CRLs. In a path, a CRL that
 * claims to come from the issuer but fails its signature is an attack or corruption: fail loudly.
 */
export function assertCrlIssuedBy(crl: Crl, issuer: Certificate, issuerDepth = 0): void {
  const details = { object: 'crl', crlNumber: crl.crlNumber?.toString(), ...describeCertificate(issuer, issuerDepth) };
  if (!isFromIssuer(crl, issuer)) {
    throw new SealError('CERT_CHAIN_INVALID', `CRL issuer ${nameToString(crl.issuer)} is not ${issuer.subjectText}`, {
      details: { ...details, reason: 'CRL_ISSUER_MISMATCH' },
    });
  }
  const usage = issuer.extensions.keyUsage;
  if (usage && !usage.includes('cRLSign')) {
    throw new SealError('CERT_CHAIN_INVALID', `${issuer.subjectText} may not sign CRLs (keyUsage lacks cRLSign)`, {
      details: { ...details, reason: 'CRL_SIGN_MISSING' },
    });
  }
  assertSm2Signature(crl, issuer.sm2PublicKey(), details);
}
