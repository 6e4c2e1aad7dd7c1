import { SealError, isSealError } from '../../errors';
import type { Certificate } from '../certificate';
import type { Crl } from '../crl';
import type { KeyUsage } from '../key-usage';
import { namesMatch } from '../name';
import { assertCaConstraints } from './ca-constraints';
import { describeCertificate } from './describe';
import { buildCandidatePaths } from './path-builder';
import { type CertificateRevocationCheck, checkRevocation } from './revocation';
import { assertSm2Signature } from './signed-object';

export interface ChainVerificationOptions {
  readonly intermediates?: readonly Certificate[];
  readonly trustAnchors: readonly Certificate[];
  /** The time the chain must have been valid: for a signed document, its signing time, not "now". */
  readonly at: Date;
  readonly crls?: readonly Crl[];
  /** Fail (CERT_CHAIN_INVALID, reason REVOCATION_UNKNOWN) when a CRL does not establish a certificate's status. */
  readonly requireRevocationCheck?: boolean;
  /** Key usages the leaf must allow, e.g. ['nonRepudiation'] for a seal signature. */
  readonly requiredKeyUsage?: readonly KeyUsage[];
}

export interface ChainVerificationResult {
  /** Leaf first, trust anchor last. */
  readonly path: readonly Certificate[];
  readonly trustAnchor: Certificate;
  readonly at: Date;
  /** One entry per certificate below the anchor, leaf first. */
  readonly revocation: readonly CertificateRevocationCheck[];
  /** The earliest revocation that happened after `at`, if any: not fatal, reported for the caller to judge. */
  readonly revokedAfter?: { readonly depth: number; readonly serialNumber: bigint; readonly revokedAt: Date; readonly reason: string };
}

/**
 * Verify that `leaf` chains to a trust anchor and every certificate was valid at `options.at`.
 * Reads as the checks it makes; each step throws a coded SealError:
 * SIGNATURE_INVALID, CERT_INVALID, CERT_EXPIRED, CERT_NOT_YET_VALID, CERT_CHAIN_INVALID, CERT_REVOKED.
 */
export function verifyCertificateChain(leaf: Certificate, options: ChainVerificationOptions): ChainVerificationResult {
  const at = options?.at;
  if (!(at instanceof Date) || Number.isNaN(at.getTime()))
    throw new SealError('VALIDATION_FAILED', 'verification time `at` must be a valid Date');
  if (!Array.isArray(options.trustAnchors) || options.trustAnchors.length === 0) {
    throw new SealError('VALIDATION_FAILED', 'at least one trust anchor is required');
  }
  const paths = buildCandidatePaths(leaf, options.intermediates ?? [], options.trustAnchors);
  if (paths.length === 0) {
    throw new SealError('CERT_CHAIN_INVALID', `no path from ${leaf.subjectText} to a trust anchor (issuer ${leaf.issuerText} not found)`, {
      details: { ...describeCertificate(leaf, 0), reason: 'NO_PATH_TO_TRUST_ANCHOR', issuer: leaf.issuerText },
    });
  }
  // Several candidate paths only arise with cross-certification or re-keyed CAs; report the first one's failure.
  let firstFailure: unknown;
  for (const path of paths) {
    try {
      return validatePath(path, options, at);
    } catch (error) {
      firstFailure ??= error;
    }
  }
  if (isSealError(firstFailure)) throw firstFailure;
  throw new SealError('CERT_INVALID', 'certificate chain could not be verified', { cause: firstFailure });
}

function validatePath(path: Certificate[], options: ChainVerificationOptions, at: Date): ChainVerificationResult {
  assertNamesChain(path);
  assertSignatures(path);
  assertValidAt(path, at);
  assertCaConstraints(path);
  assertLeafUsage(path[0], options.requiredKeyUsage ?? []);
  const revocation = checkPathRevocation(path, options.crls ?? [], at, options.requireRevocationCheck === true);
  const later = revocation
    .filter((r): r is Extract<CertificateRevocationCheck, { status: 'revoked-after' }> => r.status === 'revoked-after')
    .sort((a, b) => a.revokedAt.getTime() - b.revokedAt.getTime())[0];
  return {
    path,
    trustAnchor: path[path.length - 1],
    at,
    revocation,
    ...(later
      ? { revokedAfter: { depth: later.depth, serialNumber: later.serialNumber, revokedAt: later.revokedAt, reason: later.reason } }
      : {}),
  };
}

function assertNamesChain(path: readonly Certificate[]): void {
  for (let i = 0; i + 1 < path.length; i++) {
    if (!namesMatch(path[i].issuer, path[i + 1].subject)) {
      throw new SealError('CERT_CHAIN_INVALID', `issuer of ${path[i].subjectText} is not ${path[i + 1].subjectText}`, {
        details: { ...describeCertificate(path[i], i), reason: 'NAME_CHAINING' },
      });
    }
  }
}

/** Each certificate below the anchor is signed by the next one up. The anchor is trusted as configured. */
function assertSignatures(path: readonly Certificate[]): void {
  for (let i = 0; i + 1 < path.length; i++) {
    assertSm2Signature(path[i], path[i + 1].sm2PublicKey(), { ...describeCertificate(path[i], i), object: 'certificate' });
  }
}

/** Validity of every certificate, anchor included, at `at`: a later expiry does not undo an earlier signature. */
function assertValidAt(path: readonly Certificate[], at: Date): void {
  path.forEach((cert, depth) => {
    const details = {
      ...describeCertificate(cert, depth),
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      at: at.toISOString(),
    };
    if (at < cert.notBefore)
      throw new SealError('CERT_NOT_YET_VALID', `${cert.subjectText} is not valid until ${details.notBefore}`, { details });
    if (at > cert.notAfter) throw new SealError('CERT_EXPIRED', `${cert.subjectText} expired on ${details.notAfter}`, { details });
  });
}

function assertLeafUsage(leaf: Certificate, required: readonly KeyUsage[]): void {
  const usage = leaf.extensions.keyUsage;
  const missing = usage ? required.filter((u) => !usage.includes(u)) : [];
  if (missing.length > 0) {
    throw new SealError('CERT_INVALID', `certificate keyUsage does not allow ${missing.join(', ')}`, {
      details: { ...describeCertificate(leaf, 0), reason: 'KEY_USAGE', missing },
    });
  }
}

function checkPathRevocation(
  path: readonly Certificate[],
  crls: readonly Crl[],
  at: Date,
  required: boolean,
): CertificateRevocationCheck[] {
  const checks: CertificateRevocationCheck[] = [];
  for (let depth = 0; depth + 1 < path.length; depth++) {
    const status = checkRevocation(path[depth], path[depth + 1], depth, crls, at);
    if (required && status.status === 'unknown') {
      throw new SealError('CERT_CHAIN_INVALID', `revocation status of ${path[depth].subjectText} at ${at.toISOString()} is unknown`, {
        details: { ...describeCertificate(path[depth], depth), reason: 'REVOCATION_UNKNOWN', why: status.why },
      });
    }
    checks.push({ ...status, depth, serialNumber: path[depth].serialNumber });
  }
  return checks;
}
