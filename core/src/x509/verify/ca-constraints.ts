import { SealError } from '../../errors';
import type { Certificate } from '../certificate';
import { HANDLED_CRITICAL_EXTENSIONS } from '../extensions';
import { describeCertificate } from './describe';

/**
 * RFC 5280 6.1.4 in the parts that matter for a closed SM2 PKI: every issuer in the path is a CA
 * allowed to sign certificates, path length limits hold, and no certificate carries a critical
 * extension we would be ignoring. `path` is leaf first, trust anchor last.
 */
export function assertCaConstraints(path: readonly Certificate[]): void {
  path.forEach((cert, depth) => {
    const unhandled = cert.extensions.all.find((e) => e.critical && !HANDLED_CRITICAL_EXTENSIONS.has(e.oid));
    if (unhandled) {
      throw new SealError('CERT_INVALID', `unsupported critical extension ${unhandled.oid}`, {
        details: { ...describeCertificate(cert, depth), reason: 'UNHANDLED_CRITICAL_EXTENSION', extension: unhandled.oid },
      });
    }
  });
  for (let depth = 1; depth < path.length; depth++) {
    const issuer = path[depth];
    const isAnchor = depth === path.length - 1;
    const details = describeCertificate(issuer, depth);
    const bc = issuer.extensions.basicConstraints;
    // A trust anchor is configuration: a v1 root without extensions is accepted, a v3 one saying "not a CA" is not.
    if (!(bc?.cA === true || (isAnchor && issuer.version < 3 && !bc))) {
      throw new SealError('CERT_CHAIN_INVALID', `${issuer.subjectText} is not a CA but issued a certificate in the path`, {
        details: { ...details, reason: 'ISSUER_NOT_CA' },
      });
    }
    const usage = issuer.extensions.keyUsage;
    if (usage && !usage.includes('keyCertSign')) {
      throw new SealError('CERT_CHAIN_INVALID', `${issuer.subjectText} may not sign certificates (keyUsage lacks keyCertSign)`, {
        details: { ...details, reason: 'KEY_CERT_SIGN_MISSING' },
      });
    }
    const limit = bc?.pathLenConstraint;
    if (limit !== undefined) {
      // Intermediate CAs between this issuer and the leaf, not counting self-issued ones (RFC 5280 6.1.4 (l)).
      const below = path.slice(1, depth).filter((c) => !c.isSelfIssued).length;
      if (below > limit) {
        throw new SealError('CERT_CHAIN_INVALID', `path length constraint ${limit} of ${issuer.subjectText} exceeded`, {
          details: { ...details, reason: 'PATH_LENGTH_EXCEEDED', pathLenConstraint: limit, intermediatesBelow: below },
        });
      }
    }
  }
}
