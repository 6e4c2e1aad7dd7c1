import {
  type Asn1Node,
  isContextTag,
  parseDer,
  readExplicit,
  readInteger,
  readSequence,
  readSmallInt,
  readTime,
  readBitStringBytes,
} from '../asn1';
import type { Sm2PublicKey } from '../crypto/sm2-keys';
import { SealError, isSealError } from '../errors';
import { bytesEqual } from './bytes';
import { type AlgorithmIdentifier, parseAlgorithm, sameAlgorithm } from './algorithm';
import { type CertificateExtensions, parseCertificateExtensions } from './extensions';
import { type DistinguishedName, nameToString, namesMatch, parseName } from './name';
import { fromPem, toPem } from './pem';
import { type SubjectPublicKeyInfo, parseSubjectPublicKeyInfo, sm2KeyFromPublicKeyInfo } from './public-key-info';

const NO_EXTENSIONS: CertificateExtensions = { all: [] };

/** The fields of a certificate, as parsed. */
interface CertificateFields {
  readonly der: Uint8Array;
  readonly tbsDer: Uint8Array;
  readonly version: number;
  readonly serialNumber: bigint;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKeyInfo: SubjectPublicKeyInfo;
  readonly extensions: CertificateExtensions;
  readonly signatureValue: Uint8Array;
}

/**
 * A parsed X.509 certificate. Parsing is tolerant of what real CAs issue (any signature algorithm,
 * v1 certificates, T61/BMP names) but strict DER; `tbsDer` is the exact signed byte range.
 * The constructor is private: every Certificate comes from DER, so its fields and bytes always agree.
 */
export class Certificate implements CertificateFields {
  readonly der: Uint8Array;
  readonly tbsDer: Uint8Array;
  /** 1, 2 or 3. */
  readonly version: number;
  readonly serialNumber: bigint;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKeyInfo: SubjectPublicKeyInfo;
  readonly extensions: CertificateExtensions;
  /** The signature BIT STRING's bytes (for SM2: DER SEQUENCE { r, s }). */
  readonly signatureValue: Uint8Array;

  private constructor(fields: CertificateFields) {
    this.der = fields.der;
    this.tbsDer = fields.tbsDer;
    this.version = fields.version;
    this.serialNumber = fields.serialNumber;
    this.signatureAlgorithm = fields.signatureAlgorithm;
    this.issuer = fields.issuer;
    this.subject = fields.subject;
    this.notBefore = fields.notBefore;
    this.notAfter = fields.notAfter;
    this.publicKeyInfo = fields.publicKeyInfo;
    this.extensions = fields.extensions;
    this.signatureValue = fields.signatureValue;
  }

  /** Parse DER. Malformed encodings give BAD_ASN1, well-formed but unacceptable content CERT_INVALID. */
  static fromDer(input: Uint8Array): Certificate {
    try {
      return new Certificate(parseCertificate(new Uint8Array(input)));
    } catch (error) {
      if (isSealError(error)) throw error;
      // Defence in depth: the input is attacker-controlled, so no other exception type may escape.
      throw new SealError('CERT_INVALID', 'certificate could not be parsed', { cause: error });
    }
  }

  static fromPem(text: string): Certificate {
    return Certificate.fromDer(fromPem(text, 'CERTIFICATE'));
  }

  /** Serial number as lower-case hex without leading zeros (how CRLs, ledgers and logs refer to it). */
  get serialHex(): string {
    return this.serialNumber.toString(16);
  }

  get subjectText(): string {
    return nameToString(this.subject);
  }

  get issuerText(): string {
    return nameToString(this.issuer);
  }

  get isCa(): boolean {
    return this.extensions.basicConstraints?.cA === true;
  }

  /** Issuer and subject are the same name (a root, or a CA's re-keying certificate). */
  get isSelfIssued(): boolean {
    return namesMatch(this.issuer, this.subject);
  }

  /** The subject's SM2 key; CERT_INVALID for any other key type. */
  sm2PublicKey(): Sm2PublicKey {
    return sm2KeyFromPublicKeyInfo(this.publicKeyInfo);
  }

  toPem(): string {
    return toPem(this.der, 'CERTIFICATE');
  }

  equals(other: Certificate): boolean {
    return bytesEqual(this.der, other.der);
  }
}

function parseCertificate(der: Uint8Array): CertificateFields {
  const top = readSequence(parseDer(der), 'Certificate');
  if (top.length !== 3) throw new SealError('BAD_ASN1', 'Certificate: expected tbsCertificate, signatureAlgorithm, signatureValue');
  const [tbsNode, outerAlgNode, sigNode] = top;
  const outerAlgorithm = parseAlgorithm(outerAlgNode, 'signatureAlgorithm');
  const signatureValue = readBitStringBytes(sigNode, 'signatureValue');

  const fields = [...readSequence(tbsNode, 'tbsCertificate')];
  let version = 1;
  if (fields.length > 0 && isContextTag(fields[0], 0)) {
    version = readSmallInt(readExplicit(fields.shift() as Asn1Node, 0, 'version'), 'version', 2) + 1;
  }
  if (fields.length < 6) throw new SealError('BAD_ASN1', 'tbsCertificate: missing fields');
  const [serialNode, innerAlgNode, issuerNode, validityNode, subjectNode, spkiNode, ...optional] = fields;
  const serialNumber = readInteger(serialNode, 'serialNumber');
  const innerAlgorithm = parseAlgorithm(innerAlgNode, 'tbsCertificate signature');
  // RFC 5280 4.1.1.2: the two algorithm fields must agree, or an attacker could swap the outer one.
  if (!sameAlgorithm(outerAlgorithm, innerAlgorithm)) {
    throw new SealError('CERT_INVALID', 'signatureAlgorithm differs from the algorithm inside tbsCertificate');
  }
  const validity = readSequence(validityNode, 'validity');
  if (validity.length !== 2) throw new SealError('BAD_ASN1', 'validity: expected notBefore and notAfter');
  const notBefore = readTime(validity[0], 'notBefore');
  const notAfter = readTime(validity[1], 'notAfter');

  let extensions = NO_EXTENSIONS;
  for (const node of optional) {
    if (isContextTag(node, 1) || isContextTag(node, 2)) {
      if (version < 2) throw new SealError('CERT_INVALID', 'unique identifiers in a version 1 certificate');
      continue; // issuerUniqueID / subjectUniqueID: obsolete, carried but unused
    }
    if (node.tag === 0xa3) {
      if (version !== 3) throw new SealError('CERT_INVALID', 'extensions in a certificate older than version 3');
      if (extensions !== NO_EXTENSIONS) throw new SealError('BAD_ASN1', 'extensions appear twice');
      extensions = parseCertificateExtensions(readExplicit(node, 3, 'extensions'));
      continue;
    }
    throw new SealError('BAD_ASN1', `tbsCertificate: unexpected field with tag 0x${node.tag.toString(16)}`);
  }

  return {
    der,
    tbsDer: tbsNode.raw,
    version,
    serialNumber,
    signatureAlgorithm: outerAlgorithm,
    issuer: parseName(issuerNode, 'issuer'),
    subject: parseName(subjectNode, 'subject'),
    notBefore,
    notAfter,
    publicKeyInfo: parseSubjectPublicKeyInfo(spkiNode),
    extensions,
    signatureValue,
  };
}
