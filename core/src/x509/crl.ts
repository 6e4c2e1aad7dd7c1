import {
  type Asn1Node,
  Tag,
  expectTag,
  isContextTag,
  parseDer,
  readBitStringBytes,
  readExplicit,
  readInteger,
  readSequence,
  readSmallInt,
  readTime,
} from '../asn1';
import { SealError, isSealError } from '../errors';
import { type AlgorithmIdentifier, parseAlgorithm, sameAlgorithm } from './algorithm';
import { type Extension, parseAuthorityKeyIdentifier, parseExtensionList } from './extensions';
import { type DistinguishedName, parseName } from './name';
import { X509Oid } from './oids';
import { fromPem, toPem } from './pem';
import { type RevocationReason, revocationReasonFromCode } from './revocation-reason';

/** About seven elements per entry: room for some 250,000 revoked certificates (and ~600 MB of parse tree). */
const CRL_MAX_NODES = 2_000_000;

export interface RevokedCertificate {
  readonly serialNumber: bigint;
  readonly revokedAt: Date;
  /** From the reasonCode entry extension; absent means unspecified (RFC 5280 5.3.1). */
  readonly reason: RevocationReason;
}

/** The fields of a CRL, as parsed. */
interface CrlFields {
  readonly der: Uint8Array;
  readonly tbsDer: Uint8Array;
  readonly version: number;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly issuer: DistinguishedName;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  readonly entries: readonly RevokedCertificate[];
  readonly crlNumber?: bigint;
  readonly authorityKeyIdentifier?: Uint8Array;
  readonly extensions: readonly Extension[];
  readonly signatureValue: Uint8Array;
}

/** A parsed X.509 CRL (v1 or v2). `tbsDer` is the exact signed byte range; every Crl comes from DER. */
export class Crl implements CrlFields {
  readonly der: Uint8Array;
  readonly tbsDer: Uint8Array;
  readonly version: number;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly issuer: DistinguishedName;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  readonly entries: readonly RevokedCertificate[];
  readonly crlNumber?: bigint;
  readonly authorityKeyIdentifier?: Uint8Array;
  readonly extensions: readonly Extension[];
  readonly signatureValue: Uint8Array;
  private readonly bySerial: ReadonlyMap<bigint, RevokedCertificate>;

  private constructor(fields: CrlFields) {
    this.der = fields.der;
    this.tbsDer = fields.tbsDer;
    this.version = fields.version;
    this.signatureAlgorithm = fields.signatureAlgorithm;
    this.issuer = fields.issuer;
    this.thisUpdate = fields.thisUpdate;
    this.nextUpdate = fields.nextUpdate;
    this.entries = fields.entries;
    this.crlNumber = fields.crlNumber;
    this.authorityKeyIdentifier = fields.authorityKeyIdentifier;
    this.extensions = fields.extensions;
    this.signatureValue = fields.signatureValue;
    this.bySerial = new Map(fields.entries.map((e) => [e.serialNumber, e]));
  }

  static fromDer(input: Uint8Array): Crl {
    try {
      return new Crl(parseCrl(new Uint8Array(input)));
    } catch (error) {
      if (isSealError(error)) throw error;
      throw new SealError('BAD_ASN1', 'CRL could not be parsed', { cause: error });
    }
  }

  static fromPem(text: string): Crl {
    return Crl.fromDer(fromPem(text, 'X509 CRL'));
  }

  entryFor(serialNumber: bigint): RevokedCertificate | undefined {
    return this.bySerial.get(serialNumber);
  }

  toPem(): string {
    return toPem(this.der, 'X509 CRL');
  }
}

function parseCrl(der: Uint8Array): CrlFields {
  // A CRL is one element group per revoked certificate; large CAs publish tens of thousands of them.
  const top = readSequence(parseDer(der, { maxNodes: CRL_MAX_NODES }), 'CertificateList');
  if (top.length !== 3) throw new SealError('BAD_ASN1', 'CertificateList: expected tbsCertList, signatureAlgorithm, signatureValue');
  const [tbsNode, outerAlgNode, sigNode] = top;
  const outerAlgorithm = parseAlgorithm(outerAlgNode, 'signatureAlgorithm');
  const signatureValue = readBitStringBytes(sigNode, 'signatureValue');

  const fields = [...readSequence(tbsNode, 'tbsCertList')];
  let version = 1;
  if (fields.length > 0 && fields[0].tag === Tag.INTEGER) version = readSmallInt(fields.shift() as Asn1Node, 'CRL version', 1) + 1;
  if (fields.length < 3) throw new SealError('BAD_ASN1', 'tbsCertList: missing fields');
  const innerAlgorithm = parseAlgorithm(fields.shift() as Asn1Node, 'tbsCertList signature');
  if (!sameAlgorithm(outerAlgorithm, innerAlgorithm)) {
    throw new SealError('SIGNATURE_INVALID', 'CRL signatureAlgorithm differs from the algorithm inside tbsCertList');
  }
  const issuer = parseName(fields.shift() as Asn1Node, 'CRL issuer');
  const thisUpdate = readTime(fields.shift() as Asn1Node, 'thisUpdate');
  let nextUpdate: Date | undefined;
  if (fields.length > 0 && (fields[0].tag === Tag.UTC_TIME || fields[0].tag === Tag.GENERALIZED_TIME)) {
    nextUpdate = readTime(fields.shift() as Asn1Node, 'nextUpdate');
  }
  let entries: RevokedCertificate[] = [];
  if (fields.length > 0 && fields[0].tag === Tag.SEQUENCE)
    entries = readSequence(fields.shift() as Asn1Node, 'revokedCertificates').map(parseEntry);
  let extensions: Extension[] = [];
  if (fields.length > 0 && isContextTag(fields[0], 0)) {
    if (version !== 2) throw new SealError('BAD_ASN1', 'CRL extensions in a version 1 CRL');
    extensions = parseExtensionList(readExplicit(fields.shift() as Asn1Node, 0, 'crlExtensions'), 'crlExtensions');
  }
  if (fields.length > 0) throw new SealError('BAD_ASN1', 'tbsCertList: unexpected trailing fields');

  let crlNumber: bigint | undefined;
  let authorityKeyIdentifier: Uint8Array | undefined;
  for (const ext of extensions) {
    if (ext.oid === X509Oid.crlNumber) crlNumber = readInteger(parseDer(ext.value), 'cRLNumber');
    else if (ext.oid === X509Oid.authorityKeyIdentifier) authorityKeyIdentifier = parseAuthorityKeyIdentifier(parseDer(ext.value));
    else if (ext.critical) throw new SealError('BAD_ASN1', `CRL has an unsupported critical extension ${ext.oid}`);
  }
  return {
    der,
    tbsDer: tbsNode.raw,
    version,
    signatureAlgorithm: outerAlgorithm,
    issuer,
    thisUpdate,
    nextUpdate,
    entries,
    crlNumber,
    authorityKeyIdentifier,
    extensions,
    signatureValue,
  };
}

function parseEntry(node: Asn1Node): RevokedCertificate {
  const parts = readSequence(node, 'revoked certificate');
  if (parts.length < 2 || parts.length > 3) throw new SealError('BAD_ASN1', 'revoked certificate: wrong number of fields');
  const serialNumber = readInteger(parts[0], 'revoked serial');
  const revokedAt = readTime(parts[1], 'revocationDate');
  let reason: RevocationReason = 'unspecified';
  if (parts.length === 3) {
    for (const ext of parseExtensionList(parts[2], 'crlEntryExtensions')) {
      if (ext.oid === X509Oid.crlReason) {
        const value = expectTag(parseDer(ext.value), Tag.ENUMERATED, 'reasonCode').content;
        const decoded = value.length === 1 ? revocationReasonFromCode(value[0]) : undefined;
        if (!decoded) throw new SealError('BAD_ASN1', 'reasonCode: unknown CRL reason');
        reason = decoded;
      } else if (ext.critical) {
        // e.g. certificateIssuer in an indirect CRL: we cannot tell whose serial this is.
        throw new SealError('BAD_ASN1', `CRL entry has an unsupported critical extension ${ext.oid}`);
      }
    }
  }
  return { serialNumber, revokedAt, reason };
}
