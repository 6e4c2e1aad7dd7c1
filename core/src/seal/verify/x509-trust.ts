import { SealError, isSealError } from '../../errors';
import { Certificate } from '../../x509/certificate';
import type { Crl } from '../../x509/crl';
import type { KeyUsage } from '../../x509/key-usage';
import { verifyCertificateChain } from '../../x509/verify/chain';
import type { CertificateErrorCode, CertificateRole, CertificateTrustResult, CertificateView, SealTrust } from './trust';

export interface X509SealTrustOptions {
  trustAnchors: readonly Certificate[];
  intermediates?: readonly Certificate[];
  crls?: readonly Crl[];
  /** Treat "no CRL covers the time" as a chain failure instead of unknown. */
  requireRevocationCheck?: boolean;
  /** Key usages each role's certificate must allow; none by default. */
  requiredKeyUsage?: Partial<Record<CertificateRole, readonly KeyUsage[]>>;
  verifyTimeStampToken?: SealTrust['verifyTimeStampToken'];
}

const CERT_CODES: ReadonlySet<string> = new Set<CertificateErrorCode>([
  'CERT_INVALID',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_CHAIN_INVALID',
]);

/** The seal verifier's view of an X.509 certificate, through the x509 module's parser. */
export function x509CertificateView(der: Uint8Array): CertificateView {
  const cert = Certificate.fromDer(der);
  return {
    publicKey: cert.sm2PublicKey(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    serialHex: cert.serialHex,
    subject: cert.subjectText,
    der: cert.der,
  };
}

/** SealTrust backed by the x509 module's chain builder and CRL checks (trust material normalised once, here). */
export function sealTrustFromX509(options: X509SealTrustOptions): SealTrust {
  return {
    parseCertificate: x509CertificateView,
    checkCertificate: (der, at, role) => checkChain(der, at, role, options),
    ...(options.verifyTimeStampToken ? { verifyTimeStampToken: options.verifyTimeStampToken } : {}),
  };
}

function checkChain(der: Uint8Array, at: Date, role: CertificateRole, options: X509SealTrustOptions): CertificateTrustResult {
  try {
    const result = verifyCertificateChain(Certificate.fromDer(der), {
      trustAnchors: options.trustAnchors,
      intermediates: options.intermediates,
      crls: options.crls,
      at,
      requireRevocationCheck: options.requireRevocationCheck,
      requiredKeyUsage: options.requiredKeyUsage?.[role],
    });
    if (result.revokedAfter) return { status: 'revoked', revokedAt: result.revokedAfter.revokedAt, reason: result.revokedAfter.reason };
    return {
      status: 'trusted',
      revocationUnknown: result.revocation[0]?.status === 'unknown',
      details: {
        trustAnchor: result.trustAnchor.subjectText,
        pathLength: result.path.length,
        revocation: result.revocation.map((r) => r.status),
      },
    };
  } catch (error) {
    if (!isSealError(error)) throw error;
    return { status: 'untrusted', code: certificateCode(error), message: error.message };
  }
}

/** A bad signature anywhere in the path means the chain does not hold; other non-certificate codes mean unusable input. */
function certificateCode(error: SealError): CertificateErrorCode {
  if (CERT_CODES.has(error.code)) return error.code as CertificateErrorCode;
  return error.code === 'SIGNATURE_INVALID' ? 'CERT_CHAIN_INVALID' : 'CERT_INVALID';
}
