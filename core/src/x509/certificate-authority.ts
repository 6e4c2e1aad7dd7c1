import type { Sm2PublicKey } from '../crypto/sm2-keys';
import type { Certificate } from './certificate';
import type { Crl } from './crl';
import type { DistinguishedName, NameInput } from './name';
import type { RevocationReason } from './revocation-reason';

/**
 * What a certificate is for:
 * - seal: the seal holder's certificate bound into SES_Seal / used for SES_Signature (non-repudiation);
 * - signer: a signing service or the seal maker (signs seal data, evidence, receipts);
 * - ca: a subordinate CA under the issuing CA;
 * - tsa: a time-stamp authority (RFC 3161: extended key usage timeStamping only, critical).
 */
export type CertificateProfile = 'seal' | 'signer' | 'ca' | 'tsa';

export const CERTIFICATE_PROFILES: readonly CertificateProfile[] = ['seal', 'signer', 'ca', 'tsa'];

export interface IssueRequest {
  readonly subject: NameInput | DistinguishedName;
  readonly publicKey: Sm2PublicKey;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly profile: CertificateProfile;
  /** Extra key purposes (OIDs) for the extendedKeyUsage extension. */
  readonly extendedKeyUsage?: readonly string[];
}

/**
 * The one seam between the seal service and whoever issues its certificates. The development CA
 * implements it in process; a licensed third-party CA (the production case) is an adapter behind it.
 */
export interface CertificateAuthority {
  issue(request: IssueRequest): Promise<Certificate>;
  /** Record a revocation effective at `at`; the next CRL lists it. */
  revoke(serialNumber: bigint, reason: RevocationReason, at: Date): Promise<void>;
  /** A freshly signed CRL covering every certificate this CA issued. */
  currentCrl(): Promise<Crl>;
  /** The CA certificates above issued certificates, issuing CA first, root last. */
  chain(): Certificate[];
}
