import { type Asn1Node, Tag, der, parseDer, readBoolean, readOctetString, readOid, readSequence, readSmallInt } from '../asn1';
import { SealError } from '../errors';
import { type KeyUsage, decodeKeyUsage, encodeKeyUsage } from './key-usage';
import { ExtendedKeyUsageOid, X509Oid } from './oids';

/** One extension as found: extnValue is the inner DER (the OCTET STRING's content). */
export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

export interface BasicConstraints {
  readonly cA: boolean;
  readonly pathLenConstraint?: number;
}

/** The extensions we understand, decoded; `all` keeps every extension, known or not, in order. */
export interface CertificateExtensions {
  readonly all: readonly Extension[];
  readonly basicConstraints?: BasicConstraints;
  readonly keyUsage?: readonly KeyUsage[];
  readonly extendedKeyUsage?: readonly string[];
  readonly subjectKeyIdentifier?: Uint8Array;
  readonly authorityKeyIdentifier?: Uint8Array;
  /** URIs of the full-name distribution points. */
  readonly crlDistributionPoints?: readonly string[];
}

/** What a certificate template may ask for. Criticality follows RFC 5280 and is not a caller's choice. */
export interface ExtensionsInput {
  readonly basicConstraints?: BasicConstraints;
  readonly keyUsage?: readonly KeyUsage[];
  readonly extendedKeyUsage?: readonly string[];
  readonly subjectKeyIdentifier?: Uint8Array;
  readonly authorityKeyIdentifier?: Uint8Array;
  readonly crlDistributionPoints?: readonly string[];
}

/** Extensions a verifier in this module acts on; any other critical extension makes a certificate unusable. */
export const HANDLED_CRITICAL_EXTENSIONS: ReadonlySet<string> = new Set([
  X509Oid.basicConstraints,
  X509Oid.keyUsage,
  X509Oid.extendedKeyUsage,
  X509Oid.subjectKeyIdentifier,
  X509Oid.authorityKeyIdentifier,
]);

export function encodeExtension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? der.seq(der.oid(oid), der.bool(true), der.octets(value)) : der.seq(der.oid(oid), der.octets(value));
}

/** SEQUENCE OF Extension, or null when there is nothing to encode (the field must then be absent). */
export function encodeExtensions(input: ExtensionsInput): Uint8Array | null {
  const out: Uint8Array[] = [];
  if (input.basicConstraints) out.push(encodeExtension(X509Oid.basicConstraints, true, encodeBasicConstraints(input.basicConstraints)));
  if (input.keyUsage) {
    if (input.keyUsage.length === 0) throw new SealError('VALIDATION_FAILED', 'keyUsage must name at least one usage');
    out.push(encodeExtension(X509Oid.keyUsage, true, encodeKeyUsage(input.keyUsage)));
  }
  if (input.extendedKeyUsage && input.extendedKeyUsage.length > 0) {
    // RFC 3161 2.3: a time-stamping certificate's extended key usage must be critical.
    const critical = input.extendedKeyUsage.includes(ExtendedKeyUsageOid.timeStamping);
    out.push(encodeExtension(X509Oid.extendedKeyUsage, critical, der.seq(...input.extendedKeyUsage.map((o) => der.oid(o)))));
  }
  if (input.subjectKeyIdentifier) out.push(encodeExtension(X509Oid.subjectKeyIdentifier, false, der.octets(input.subjectKeyIdentifier)));
  if (input.authorityKeyIdentifier) {
    out.push(encodeExtension(X509Oid.authorityKeyIdentifier, false, der.seq(der.implicit(0, der.octets(input.authorityKeyIdentifier)))));
  }
  if (input.crlDistributionPoints && input.crlDistributionPoints.length > 0) {
    out.push(encodeExtension(X509Oid.crlDistributionPoints, false, encodeCrlDistributionPoints(input.crlDistributionPoints)));
  }
  return out.length === 0 ? null : der.seq(...out);
}

function encodeBasicConstraints(bc: BasicConstraints): Uint8Array {
  if (bc.pathLenConstraint !== undefined) {
    if (!bc.cA) throw new SealError('VALIDATION_FAILED', 'pathLenConstraint is only meaningful for a CA');
    if (!Number.isInteger(bc.pathLenConstraint) || bc.pathLenConstraint < 0) {
      throw new SealError('VALIDATION_FAILED', 'pathLenConstraint must be a non-negative integer');
    }
  }
  // DER omits a BOOLEAN equal to its DEFAULT (FALSE).
  const parts: Uint8Array[] = bc.cA ? [der.bool(true)] : [];
  if (bc.pathLenConstraint !== undefined) parts.push(der.int(bc.pathLenConstraint));
  return der.seq(...parts);
}

function encodeCrlDistributionPoints(uris: readonly string[]): Uint8Array {
  // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames { uniformResourceIdentifier [6] } } }
  return der.seq(...uris.map((uri) => der.seq(der.explicit(0, der.implicit(0, der.seq(der.implicit(6, der.ia5(uri))))))));
}

/** Parse a SEQUENCE OF Extension; a repeated extension is refused (RFC 5280 4.2). */
export function parseExtensionList(node: Asn1Node, what = 'extensions'): Extension[] {
  const seen = new Set<string>();
  return readSequence(node, what).map((ext) => {
    const parts = readSequence(ext, 'extension');
    if (parts.length < 2 || parts.length > 3) throw new SealError('BAD_ASN1', 'extension: wrong number of fields');
    const oid = readOid(parts[0], 'extension id');
    // A BOOLEAN FALSE written out is not DER but is common in the wild; accept it.
    const critical = parts.length === 3 ? readBoolean(parts[1], 'extension critical') : false;
    const value = readOctetString(parts[parts.length - 1], 'extension value');
    if (seen.has(oid)) throw new SealError('CERT_INVALID', `extension ${oid} appears more than once`);
    seen.add(oid);
    return { oid, critical, value };
  });
}

export function parseCertificateExtensions(node: Asn1Node): CertificateExtensions {
  const all = parseExtensionList(node);
  const result: {
    -readonly [K in keyof CertificateExtensions]: CertificateExtensions[K];
  } = { all };
  for (const ext of all) {
    const decode = DECODERS[ext.oid];
    if (!decode) continue;
    const inner = parseDer(ext.value);
    decode(inner, result);
  }
  return result;
}

type Decoder = (inner: Asn1Node, out: { -readonly [K in keyof CertificateExtensions]: CertificateExtensions[K] }) => void;

const DECODERS: Record<string, Decoder> = {
  [X509Oid.basicConstraints]: (inner, out) => {
    const parts = [...readSequence(inner, 'basicConstraints')];
    let cA = false;
    if (parts.length > 0 && parts[0].tag === Tag.BOOLEAN) cA = readBoolean(parts.shift() as Asn1Node, 'basicConstraints cA');
    let pathLenConstraint: number | undefined;
    if (parts.length > 0) pathLenConstraint = readSmallInt(parts.shift() as Asn1Node, 'pathLenConstraint');
    if (parts.length > 0) throw new SealError('BAD_ASN1', 'basicConstraints: unexpected fields');
    out.basicConstraints = pathLenConstraint === undefined ? { cA } : { cA, pathLenConstraint };
  },
  [X509Oid.keyUsage]: (inner, out) => {
    out.keyUsage = decodeKeyUsage(inner);
  },
  [X509Oid.extendedKeyUsage]: (inner, out) => {
    out.extendedKeyUsage = readSequence(inner, 'extKeyUsage').map((n) => readOid(n, 'key purpose'));
  },
  [X509Oid.subjectKeyIdentifier]: (inner, out) => {
    out.subjectKeyIdentifier = readOctetString(inner, 'subjectKeyIdentifier');
  },
  [X509Oid.authorityKeyIdentifier]: (inner, out) => {
    const keyId = parseAuthorityKeyIdentifier(inner);
    if (keyId) out.authorityKeyIdentifier = keyId;
  },
  [X509Oid.crlDistributionPoints]: (inner, out) => {
    out.crlDistributionPoints = parseCrlDistributionPoints(inner);
  },
};

/** keyIdentifier [0] of an AuthorityKeyIdentifier; issuer/serial forms are tolerated and ignored. */
export function parseAuthorityKeyIdentifier(inner: Asn1Node): Uint8Array | undefined {
  const keyId = readSequence(inner, 'authorityKeyIdentifier').find((n) => n.tag === 0x80);
  return keyId?.content;
}

function parseCrlDistributionPoints(inner: Asn1Node): string[] {
  const uris: string[] = [];
  for (const point of readSequence(inner, 'cRLDistributionPoints')) {
    for (const field of readSequence(point, 'DistributionPoint')) {
      if (field.tag !== 0xa0 || field.children.length !== 1) continue; // reasons / cRLIssuer
      const choice = field.children[0];
      if (choice.tag !== 0xa0) continue; // nameRelativeToCRLIssuer
      for (const general of choice.children) {
        if (general.tag === 0x86) uris.push(Buffer.from(general.content).toString('latin1'));
      }
    }
  }
  return uris;
}
