import { type Asn1Node, Tag, der, expectTag, readOid, readSequence } from '../asn1';
import { SealError } from '../errors';
import { X509Oid } from './oids';
import { bytesEqual } from './bytes';

/** One attribute of a relative distinguished name, as found in the certificate. */
export interface NameAttribute {
  readonly type: string;
  readonly value: string;
  /** The ASN.1 string tag the value was encoded with (UTF8String, PrintableString, ...). */
  readonly stringTag: number;
}

/** An X.501 Name: the parsed RDN sequence plus its exact DER (needed to build issuer fields byte for byte). */
export interface DistinguishedName {
  readonly rdns: readonly (readonly NameAttribute[])[];
  readonly der: Uint8Array;
}

/** The attributes our certificates use. Order of encoding is fixed: C, ST, L, O, OU, CN, serialNumber. */
export interface NameInput {
  readonly country?: string;
  readonly state?: string;
  readonly locality?: string;
  readonly organization?: string;
  readonly organizationalUnit?: string | readonly string[];
  readonly commonName?: string;
  /** X.520 serialNumber: for a unit, its unified social credit code (统一社会信用代码). */
  readonly serialNumber?: string;
}

const ENCODING_ORDER: readonly [keyof NameInput, string][] = [
  ['country', X509Oid.country],
  ['state', X509Oid.state],
  ['locality', X509Oid.locality],
  ['organization', X509Oid.organization],
  ['organizationalUnit', X509Oid.organizationalUnit],
  ['commonName', X509Oid.commonName],
  ['serialNumber', X509Oid.serialNumber],
];

const SHORT_NAMES: Record<string, string> = {
  [X509Oid.commonName]: 'CN',
  [X509Oid.serialNumber]: 'serialNumber',
  [X509Oid.country]: 'C',
  [X509Oid.locality]: 'L',
  [X509Oid.state]: 'ST',
  [X509Oid.organization]: 'O',
  [X509Oid.organizationalUnit]: 'OU',
};

/**
 * Encode a name. RFC 5280 4.1.2.4: UTF8String for text (Chinese names included); country and
 * serialNumber are PrintableString by their X.520 definitions.
 */
export function encodeName(input: NameInput): DistinguishedName {
  const rdns: NameAttribute[][] = [];
  for (const [field, type] of ENCODING_ORDER) {
    const raw = input[field];
    const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
    for (const value of values) {
      if (value.length === 0) throw new SealError('VALIDATION_FAILED', `name attribute ${field} is empty`);
      if (field === 'country' && !/^[A-Z]{2}$/.test(value)) {
        throw new SealError('VALIDATION_FAILED', 'country must be a two-letter ISO 3166 code such as CN');
      }
      const printableOnly = field === 'country' || field === 'serialNumber';
      if (printableOnly && !/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)) {
        throw new SealError('VALIDATION_FAILED', `name attribute ${field} must be PrintableString characters`);
      }
      rdns.push([{ type, value, stringTag: printableOnly ? Tag.PRINTABLE_STRING : Tag.UTF8_STRING }]);
    }
  }
  if (rdns.length === 0) throw new SealError('VALIDATION_FAILED', 'a distinguished name needs at least one attribute');
  return { rdns, der: encodeRdns(rdns) };
}

function encodeRdns(rdns: readonly (readonly NameAttribute[])[]): Uint8Array {
  return der.seq(
    ...rdns.map((rdn) =>
      der.setOf(
        ...rdn.map((a) => der.seq(der.oid(a.type), a.stringTag === Tag.PRINTABLE_STRING ? der.printable(a.value) : der.utf8(a.value))),
      ),
    ),
  );
}

export function parseName(node: Asn1Node, what = 'Name'): DistinguishedName {
  const rdns = readSequence(node, what).map((set) => {
    const attrs = expectTag(set, Tag.SET, `${what} RDN`).children;
    if (attrs.length === 0) throw new SealError('BAD_ASN1', `${what}: empty relative distinguished name`);
    return attrs.map((attr) => {
      const parts = readSequence(attr, `${what} attribute`);
      if (parts.length !== 2) throw new SealError('BAD_ASN1', `${what}: attribute must be type and value`);
      return { type: readOid(parts[0], `${what} attribute type`), ...decodeDirectoryString(parts[1]) };
    });
  });
  return { rdns, der: node.raw };
}

/** DirectoryString and friends; real-world certificates still carry T61 and BMP strings. */
function decodeDirectoryString(node: Asn1Node): { value: string; stringTag: number } {
  const c = Buffer.from(node.content);
  const bad = () => new SealError('BAD_ASN1', 'malformed string in a name', { details: { offset: node.offset } });
  switch (node.tag) {
    case Tag.UTF8_STRING: {
      const text = c.toString('utf8');
      if (!Buffer.from(text, 'utf8').equals(c)) throw bad();
      return { value: text, stringTag: node.tag };
    }
    case Tag.PRINTABLE_STRING:
    case Tag.IA5_STRING:
    case 0x12: // NumericString
    case 0x1a: // VisibleString
      if (c.some((b) => b > 0x7f)) throw bad();
      return { value: c.toString('latin1'), stringTag: node.tag };
    case 0x14: // TeletexString: treated as Latin-1, as most software does
      return { value: c.toString('latin1'), stringTag: node.tag };
    case 0x1e: // BMPString: UTF-16BE
      if (c.length % 2) throw bad();
      return { value: Buffer.from(c).swap16().toString('utf16le'), stringTag: node.tag };
    case 0x1c: {
      // UniversalString: UTF-32BE
      if (c.length % 4) throw bad();
      let text = '';
      for (let i = 0; i < c.length; i += 4) {
        const cp = c.readUInt32BE(i);
        if (cp > 0x10ffff) throw bad();
        text += String.fromCodePoint(cp);
      }
      return { value: text, stringTag: node.tag };
    }
    default:
      // Not a string: keep it visible as RFC 4514 hex form rather than refusing the whole certificate.
      return { value: '#' + Buffer.from(node.raw).toString('hex'), stringTag: node.tag };
  }
}

/** First value of an attribute type, e.g. nameAttribute(cert.subject, X509Oid.commonName). */
export function nameAttribute(name: DistinguishedName, type: string): string | undefined {
  for (const rdn of name.rdns) for (const a of rdn) if (a.type === type) return a.value;
  return undefined;
}

/** RFC 4514-style text, most specific first ("CN=..., O=..., C=CN"), for messages and logs. */
export function nameToString(name: DistinguishedName): string {
  return [...name.rdns]
    .reverse()
    .map((rdn) => rdn.map((a) => `${SHORT_NAMES[a.type] ?? a.type}=${a.value.replace(/([,+"\\<>;])/g, '\\$1')}`).join('+'))
    .join(', ');
}

/**
 * Name chaining comparison (RFC 5280 7.1, simplified): identical DER, or the same attributes in the
 * same order with string values equal after case folding and whitespace collapsing. Issuers that
 * re-encode a name as PrintableString vs UTF8String still chain.
 */
export function namesMatch(a: DistinguishedName, b: DistinguishedName): boolean {
  if (bytesEqual(a.der, b.der)) return true;
  if (a.rdns.length !== b.rdns.length) return false;
  return a.rdns.every((rdn, i) => {
    const other = b.rdns[i];
    if (rdn.length !== other.length) return false;
    const key = (x: NameAttribute) => `${x.type}\u0000${normalise(x.value)}`;
    const left = rdn.map(key).sort();
    const right = other.map(key).sort();
    return left.every((k, j) => k === right[j]);
  });
}

function normalise(value: string): string {
  return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
