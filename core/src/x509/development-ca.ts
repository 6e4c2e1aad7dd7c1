import { Sm2PrivateKey } from '../crypto/sm2-keys';
import { SealError, isSealError } from '../errors';
import { Certificate } from './certificate';
import { Crl } from './crl';
import { signCertificate } from './certificate-builder';
import { keyIdentifier } from './fingerprint';
import { type NameInput, encodeName } from './name';
import { fromPemAll } from './pem';
import { CA_USAGES } from './profiles';
import { randomSerialNumber } from './serial-number';
import { type RevocationRecord, SigningCertificateAuthority } from './signing-ca';
import { localTbsSigner } from './signer';
import { truncateToSeconds } from './validity-time';
import { assertSm2Signature } from './verify/signed-object';

/** Everything the development CA needs to come back after a restart. The caller decides where it lives. */
export interface DevelopmentCaState {
  readonly rootKeyPem: string;
  readonly rootCertificateDer: Uint8Array;
  readonly issuingKeyPem: string;
  readonly issuingCertificateDer: Uint8Array;
  readonly revocations: readonly RevocationRecord[];
  /** Number of the last CRL signed; the next one gets this plus one. */
  readonly lastCrlNumber: bigint;
  readonly crlValidityMs: number;
  readonly crlDistributionPoints: readonly string[];
  /** The last CRL signed (DER), so a verifier reads it instead of loading keys to sign one. */
  readonly lastCrlDer?: Uint8Array;
}

export interface DevelopmentCaOptions {
  readonly rootSubject?: NameInput;
  readonly issuingSubject?: NameInput;
  readonly rootValidityYears?: number;
  readonly issuingValidityYears?: number;
  /** How long each CRL is valid (nextUpdate - thisUpdate). Default 7 days. */
  readonly crlValidityMs?: number;
  /** URIs written into issued certificates' cRLDistributionPoints. */
  readonly crlDistributionPoints?: readonly string[];
  /** Told after each CRL is signed (the file store saves the state then). */
  readonly onCrlSigned?: (crl: Crl) => void;
  readonly clock?: () => Date;
}

const CLOCK_SKEW_MS = 3600 * 1000;
const DEFAULT_ROOT_SUBJECT: NameInput = { country: 'CN', organization: '电子印章服务（开发）', commonName: '电子印章开发根CA' };
const DEFAULT_ISSUING_SUBJECT: NameInput = { country: 'CN', organization: '电子印章服务（开发）', commonName: '电子印章开发签发CA' };

/**
 * A two-level SM2 CA (root + issuing) for development, tests and demos, with both keys in process.
 * Production uses a licensed CA behind the same CertificateAuthority interface. No storage here:
 * exportState() / fromState() (and developmentCaStateToJson / FromJson) let the caller persist it.
 */
export class DevelopmentCertificateAuthority extends SigningCertificateAuthority {
  private constructor(
    readonly root: Certificate,
    issuing: Certificate,
    private readonly rootKey: Sm2PrivateKey,
    private readonly issuingKey: Sm2PrivateKey,
    settings: {
      crlValidityMs?: number;
      crlDistributionPoints?: readonly string[];
      clock?: () => Date;
      revocations?: readonly RevocationRecord[];
      lastCrlNumber?: bigint;
      lastCrl?: Crl;
      onCrlSigned?: (crl: Crl) => void;
    },
  ) {
    super({ ...settings, issuing, parents: [root], signer: localTbsSigner(issuingKey) });
  }

  /** New keys, a self-signed root and an issuing CA signed by it. */
  static async create(options: DevelopmentCaOptions = {}): Promise<DevelopmentCertificateAuthority> {
    const clock = options.clock ?? (() => new Date());
    // Back-date by an hour so machines whose clocks lag a little still see the new CA as valid.
    const now = truncateToSeconds(new Date(clock().getTime() - CLOCK_SKEW_MS));
    const rootYears = options.rootValidityYears ?? 20;
    const rootKey = Sm2PrivateKey.generate();
    const issuingKey = Sm2PrivateKey.generate();
    const rootName = encodeName(options.rootSubject ?? DEFAULT_ROOT_SUBJECT);
    const rootKeyId = keyIdentifier(rootKey.publicKey);
    const rootSigner = localTbsSigner(rootKey);
    const root = await signCertificate(
      {
        serialNumber: randomSerialNumber(),
        issuer: rootName,
        subject: rootName,
        notBefore: now,
        notAfter: addYears(now, rootYears),
        publicKey: rootKey.publicKey,
        extensions: {
          basicConstraints: { cA: true },
          keyUsage: CA_USAGES,
          subjectKeyIdentifier: rootKeyId,
          authorityKeyIdentifier: rootKeyId,
        },
      },
      rootSigner,
    );
    const issuing = await signCertificate(
      {
        serialNumber: randomSerialNumber(),
        issuer: rootName,
        subject: encodeName(options.issuingSubject ?? DEFAULT_ISSUING_SUBJECT),
        notBefore: now,
        notAfter: addYears(now, Math.min(options.issuingValidityYears ?? 10, rootYears)),
        publicKey: issuingKey.publicKey,
        // pathLen 1: the issuing CA may certify 'ca'-profile sub-CAs, which themselves get pathLen 0.
        extensions: {
          basicConstraints: { cA: true, pathLenConstraint: 1 },
          keyUsage: CA_USAGES,
          subjectKeyIdentifier: keyIdentifier(issuingKey.publicKey),
          authorityKeyIdentifier: rootKeyId,
        },
      },
      rootSigner,
    );
    return new DevelopmentCertificateAuthority(root, issuing, rootKey, issuingKey, {
      crlValidityMs: options.crlValidityMs,
      crlDistributionPoints: options.crlDistributionPoints,
      onCrlSigned: options.onCrlSigned,
      clock,
    });
  }

  /** Restore from exported state; keys must match their certificates and the issuing CA must chain to the root. */
  static fromState(
    state: DevelopmentCaState,
    options: { clock?: () => Date; onCrlSigned?: (crl: Crl) => void } = {},
  ): DevelopmentCertificateAuthority {
    const root = Certificate.fromDer(state.rootCertificateDer);
    const issuing = Certificate.fromDer(state.issuingCertificateDer);
    const rootKey = loadPrivateKey(state.rootKeyPem, 'root');
    const issuingKey = loadPrivateKey(state.issuingKeyPem, 'issuing');
    if (!rootKey.publicKey.equals(root.sm2PublicKey())) throw new SealError('KEY_INVALID', 'root key does not match the root certificate');
    assertSm2Signature(issuing, root.sm2PublicKey(), { certificate: 'issuing CA' });
    return new DevelopmentCertificateAuthority(root, issuing, rootKey, issuingKey, {
      crlValidityMs: state.crlValidityMs,
      crlDistributionPoints: state.crlDistributionPoints,
      revocations: state.revocations,
      lastCrlNumber: state.lastCrlNumber,
      lastCrl: lastCrlOf(state),
      onCrlSigned: options.onCrlSigned,
      clock: options.clock,
    });
  }

  exportState(): DevelopmentCaState {
    return {
      rootKeyPem: this.rootKey.toPem(),
      rootCertificateDer: this.root.der,
      issuingKeyPem: this.issuingKey.toPem(),
      issuingCertificateDer: this.issuing.der,
      revocations: this.revoked,
      lastCrlNumber: this.lastCrlNumber,
      crlValidityMs: this.crlValidityMs,
      crlDistributionPoints: [...this.crlDistributionPoints],
      ...(this.lastCrl ? { lastCrlDer: this.lastCrl.der } : {}),
    };
  }
}

/** The saved last CRL; one that cannot be parsed is only a lost cache (the next CRL signed replaces it). */
export function lastCrlOf(state: DevelopmentCaState): Crl | undefined {
  if (state.lastCrlDer === undefined) return undefined;
  try {
    return Crl.fromDer(state.lastCrlDer);
  } catch {
    return undefined;
  }
}

function addYears(date: Date, years: number): Date {
  const d = new Date(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

function loadPrivateKey(pem: string, which: string): Sm2PrivateKey {
  try {
    const block = fromPemAll(pem).find((b) => b.label === 'EC PRIVATE KEY' || b.label === 'PRIVATE KEY');
    if (!block) throw new SealError('KEY_INVALID', `no ${which} private key PEM block`);
    return Sm2PrivateKey.fromDer(block.der);
  } catch (cause) {
    if (isSealError(cause) && cause.code === 'KEY_INVALID') throw cause;
    throw new SealError('KEY_INVALID', `${which} CA private key cannot be loaded`, { cause });
  }
}
