import type { Sm2PublicKey } from '../../crypto/sm2-keys';

/** The little the seal verifier needs from a certificate; the X.509 module supplies the parser. */
export interface CertificateView {
  publicKey: Sm2PublicKey;
  notBefore: Date;
  notAfter: Date;
  serialHex: string;
  /** Subject as text, for the report only. */
  subject?: string;
  der: Uint8Array;
}

export type CertificateRole = 'seal-maker' | 'seal-signer';

export type CertificateErrorCode = 'CERT_INVALID' | 'CERT_EXPIRED' | 'CERT_NOT_YET_VALID' | 'CERT_REVOKED' | 'CERT_CHAIN_INVALID';

/**
 * Outcome of chain building and revocation lookup for one certificate. Revocation is reported with its
 * date rather than as a verdict: the verifier judges it against the signing time, since a certificate
 * revoked after a signature was made does not invalidate that signature.
 */
export type CertificateTrustResult =
  | {
      status: 'trusted';
      details?: Record<string, unknown>;
      /** True when no CRL spoke for the certificate at that time. */ revocationUnknown?: boolean;
    }
  | { status: 'revoked'; revokedAt: Date; reason?: string }
  | { status: 'untrusted'; code: CertificateErrorCode; message: string };

export interface TimeStampTrustResult {
  ok: boolean;
  message: string;
  /** Why it failed: the token's signature, or its TSA certificate (TIMESTAMP_INVALID when absent). */
  code?: 'TIMESTAMP_INVALID' | 'TIMESTAMP_SIGNATURE_INVALID' | 'TIMESTAMP_CERT_INVALID';
  /** For the report: who stamped, and whether revocation of the TSA certificate was known. */
  details?: Record<string, unknown>;
}

/**
 * Trust material as one object (normalise first, verify second): the verifier never sees where roots,
 * CRLs or TSA certificates came from. Functions may be async so an adapter can consult a CRL cache.
 */
export interface SealTrust {
  /** Throws (any error) when the bytes are not a usable SM2 certificate. */
  parseCertificate(der: Uint8Array): CertificateView;
  /** Chain to a trusted root, chain validity at `at`, and revocation status as known now. */
  checkCertificate(der: Uint8Array, at: Date, role: CertificateRole): CertificateTrustResult | Promise<CertificateTrustResult>;
  /** Verify the TSA's signature and certificate on an RFC 3161 token. Absent: only the imprint is checked. */
  verifyTimeStampToken?(token: Uint8Array): TimeStampTrustResult | Promise<TimeStampTrustResult>;
}
