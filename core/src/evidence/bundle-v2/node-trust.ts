import { SealError } from '../../errors';
import type { Sm2PublicKey } from '../../crypto/sm2-keys';
import { Certificate } from '../../x509/certificate';
import { sm2KeyFromPublicKeyInfo } from '../../x509/public-key-info';
import { verifyCertificateChain } from '../../x509/verify/chain';
import type { BundleTrust } from './bundle-trust';

/** The node certificate and its SM2 key; one that cannot be read vouches for nothing. */
export interface LedgerNode {
  certificate: Certificate;
  key: Sm2PublicKey;
}

export function readNodeCertificate(certificateBase64: string): LedgerNode {
  try {
    const certificate = Certificate.fromDer(new Uint8Array(Buffer.from(certificateBase64, 'base64')));
    return { certificate, key: sm2KeyFromPublicKeyInfo(certificate.publicKeyInfo) };
  } catch (cause) {
    throw new SealError('BUNDLE_ANCHOR_UNTRUSTED', 'the ledger node certificate or its SM2 key cannot be read', { cause });
  }
}

/**
 * Whether the embedded ledger node's certificate is trusted at the time it signed: either it is one the
 * verifier named, or it chains to a trusted CA. Returns the anchor for the report; BUNDLE_ANCHOR_UNTRUSTED otherwise.
 */
export function nodeTrustAnchor(certificate: Certificate, trust: BundleTrust, signedAt: Date): string {
  const direct = trust.ledgerNodes.some((c) => Buffer.from(c.der).equals(Buffer.from(certificate.der)));
  if (direct) {
    if (signedAt < certificate.notBefore || signedAt > certificate.notAfter) {
      throw new SealError('BUNDLE_ANCHOR_UNTRUSTED', `the ledger node certificate was not valid at ${signedAt.toISOString()}`);
    }
    return `ledger node ${certificate.subjectText} (trusted directly)`;
  }
  if (trust.caCertificates.length === 0) {
    throw new SealError('BUNDLE_ANCHOR_UNTRUSTED', `the ledger node ${certificate.subjectText} is not a trusted node and no CA is trusted`);
  }
  try {
    const chain = verifyCertificateChain(certificate, {
      trustAnchors: trust.caCertificates,
      intermediates: trust.caCertificates,
      at: signedAt,
    });
    return `ledger node ${certificate.subjectText}, certified by ${chain.trustAnchor.subjectText}`;
  } catch (cause) {
    throw new SealError(
      'BUNDLE_ANCHOR_UNTRUSTED',
      `the ledger node ${certificate.subjectText} does not chain to a trusted CA: ${(cause as Error).message}`,
      { cause },
    );
  }
}
