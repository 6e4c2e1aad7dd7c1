import { Sm2PublicKey } from '../crypto/sm2-keys';
import { SealError } from '../errors';
import type { Certificate } from './certificate';
import type { CertificateAuthority, IssueRequest } from './certificate-authority';
import { CERTIFICATE_PROFILES } from './certificate-authority';
import { type CertificateTemplate, signCertificate } from './certificate-builder';
import type { Crl } from './crl';
import { signCrl } from './crl-builder';
import { keyIdentifier } from './fingerprint';
import { type DistinguishedName, type NameInput, encodeName } from './name';
import { profileExtensions } from './profiles';
import { type RevocationReason, isRevocationReason } from './revocation-reason';
import { randomSerialNumber } from './serial-number';
import type { TbsSigner } from './signer';
import { truncateToSeconds } from './validity-time';
import { assertSm2Signature } from './verify/signed-object';

export interface RevocationRecord {
  readonly serialNumber: bigint;
  readonly reason: RevocationReason;
  readonly revokedAt: Date;
}

export interface SigningCaOptions {
  /** The CA certificate whose key `signer` holds. */
  readonly issuing: Certificate;
  /** The certificates above it, nearest first, root last. */
  readonly parents: readonly Certificate[];
  readonly signer: TbsSigner;
  readonly revocations?: readonly RevocationRecord[];
  /** Number of the last CRL signed; the next one gets this plus one. */
  readonly lastCrlNumber?: bigint;
  /** How long each CRL is valid (nextUpdate - thisUpdate). Default 7 days. */
  readonly crlValidityMs?: number;
  /** URIs written into issued certificates' cRLDistributionPoints. */
  readonly crlDistributionPoints?: readonly string[];
  /** The last CRL this CA signed (from its saved state), kept so readers need not sign one. */
  readonly lastCrl?: Crl;
  /** Told after each CRL is signed, so the owner can save it where verifiers read it. */
  readonly onCrlSigned?: (crl: Crl) => void;
  readonly clock?: () => Date;
}

const DEFAULT_CRL_VALIDITY_MS = 7 * 24 * 3600 * 1000;

/**
 * A CA whose issuing key is reached only through a TbsSigner: an HSM or remote signer fits here
 * unchanged. It keeps the revocation list and CRL numbering in memory; the owner persists them
 * (see DevelopmentCertificateAuthority.exportState for one way).
 */
export class SigningCertificateAuthority implements CertificateAuthority {
  readonly issuing: Certificate;
  readonly crlValidityMs: number;
  readonly crlDistributionPoints: readonly string[];
  private readonly parents: readonly Certificate[];
  private readonly signer: TbsSigner;
  private readonly clock: () => Date;
  private readonly issuingKeyId: Uint8Array;
  private readonly revocations = new Map<bigint, RevocationRecord>();
  private crlNumber: bigint;
  private signedCrl: Crl | undefined;
  private readonly onCrlSigned: ((crl: Crl) => void) | undefined;

  constructor(options: SigningCaOptions) {
    const { issuing, signer } = options;
    if (!signer.publicKey.equals(issuing.sm2PublicKey()))
      throw new SealError('KEY_INVALID', 'signer key does not match the issuing CA certificate');
    const usage = issuing.extensions.keyUsage;
    if (!issuing.isCa || (usage && !(usage.includes('keyCertSign') && usage.includes('cRLSign')))) {
      throw new SealError('CONFIG_INVALID', 'issuing certificate is not a CA allowed to sign certificates and CRLs');
    }
    const crlValidityMs = options.crlValidityMs ?? DEFAULT_CRL_VALIDITY_MS;
    if (!Number.isFinite(crlValidityMs) || crlValidityMs <= 0) throw new SealError('CONFIG_INVALID', 'crlValidityMs must be positive');
    this.issuing = issuing;
    this.parents = [...options.parents];
    this.signer = signer;
    this.clock = options.clock ?? (() => new Date());
    this.crlValidityMs = crlValidityMs;
    this.crlDistributionPoints = [...(options.crlDistributionPoints ?? [])];
    this.issuingKeyId = issuing.extensions.subjectKeyIdentifier ?? keyIdentifier(signer.publicKey);
    for (const r of options.revocations ?? []) this.revocations.set(r.serialNumber, r);
    this.crlNumber = options.lastCrlNumber ?? 0n;
    this.signedCrl = options.lastCrl;
    this.onCrlSigned = options.onCrlSigned;
  }

  chain(): Certificate[] {
    return [this.issuing, ...this.parents];
  }

  get revoked(): readonly RevocationRecord[] {
    return [...this.revocations.values()];
  }

  get lastCrlNumber(): bigint {
    return this.crlNumber;
  }

  /** The last CRL signed, unless a revocation came after it (then it no longer tells the whole truth). */
  get lastCrl(): Crl | undefined {
    return this.signedCrl;
  }

  async issue(request: IssueRequest): Promise<Certificate> {
    const cert = await signCertificate(this.templateFor(request), this.signer);
    // A signer behind an interface could use the wrong key or user ID: never hand out what would not verify.
    try {
      assertSm2Signature(cert, this.issuing.sm2PublicKey(), { certificate: 'newly issued' });
    } catch (cause) {
      throw new SealError('INTERNAL', 'the issuing CA produced a certificate that does not verify', { cause });
    }
    return cert;
  }

  async revoke(serialNumber: bigint, reason: RevocationReason, at: Date): Promise<void> {
    if (typeof serialNumber !== 'bigint' || serialNumber <= 0n)
      throw new SealError('VALIDATION_FAILED', 'serial number must be a positive bigint');
    if (!isRevocationReason(reason) || reason === 'removeFromCRL') {
      throw new SealError('INVALID_REVOCATION_REASON', `not a revocation reason: ${String(reason)}`);
    }
    if (!(at instanceof Date) || Number.isNaN(at.getTime()))
      throw new SealError('VALIDATION_FAILED', 'revocation time must be a valid date');
    const existing = this.revocations.get(serialNumber);
    // Revocation is final: repeating it keeps the first record, except that a hold may become permanent.
    if (existing && existing.reason !== 'certificateHold') return;
    this.revocations.set(serialNumber, { serialNumber, reason, revokedAt: truncateToSeconds(at) });
    this.signedCrl = undefined;
  }

  async currentCrl(): Promise<Crl> {
    const thisUpdate = truncateToSeconds(this.clock());
    const crlNumber = this.crlNumber + 1n;
    const crl = await signCrl(
      {
        issuer: this.issuing.subject,
        thisUpdate,
        nextUpdate: new Date(thisUpdate.getTime() + this.crlValidityMs),
        crlNumber,
        authorityKeyIdentifier: this.issuingKeyId,
        entries: this.revoked,
      },
      this.signer,
    );
    try {
      assertSm2Signature(crl, this.issuing.sm2PublicKey(), { object: 'crl' });
    } catch (cause) {
      throw new SealError('INTERNAL', 'the issuing CA produced a CRL that does not verify', { cause });
    }
    this.crlNumber = crlNumber;
    this.signedCrl = crl;
    this.onCrlSigned?.(crl);
    return crl;
  }

  private templateFor(request: IssueRequest): CertificateTemplate {
    if (!request || !CERTIFICATE_PROFILES.includes(request.profile)) {
      throw new SealError('VALIDATION_FAILED', `unknown certificate profile ${String(request?.profile)}`);
    }
    if (!(request.publicKey instanceof Sm2PublicKey)) throw new SealError('VALIDATION_FAILED', 'publicKey must be an Sm2PublicKey');
    const notBefore = validDate(request.notBefore, 'notBefore');
    const notAfter = validDate(request.notAfter, 'notAfter');
    if (notBefore < this.issuing.notBefore || notAfter > this.issuing.notAfter) {
      // A certificate that outlives its issuer could not be verified near the end of its life.
      throw new SealError('VALIDATION_FAILED', 'requested validity falls outside the issuing CA validity', {
        details: { issuingNotBefore: this.issuing.notBefore.toISOString(), issuingNotAfter: this.issuing.notAfter.toISOString() },
      });
    }
    return {
      serialNumber: randomSerialNumber(),
      issuer: this.issuing.subject,
      subject: toDistinguishedName(request.subject),
      notBefore,
      notAfter,
      publicKey: request.publicKey,
      extensions: {
        ...profileExtensions(request.profile, request.extendedKeyUsage),
        subjectKeyIdentifier: keyIdentifier(request.publicKey),
        authorityKeyIdentifier: this.issuingKeyId,
        crlDistributionPoints: this.crlDistributionPoints,
      },
    };
  }
}

function toDistinguishedName(subject: NameInput | DistinguishedName): DistinguishedName {
  if (subject && 'der' in subject && 'rdns' in subject) return subject as DistinguishedName;
  return encodeName(subject as NameInput);
}

function validDate(value: Date, what: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new SealError('VALIDATION_FAILED', `${what} must be a valid date`);
  return truncateToSeconds(value);
}
