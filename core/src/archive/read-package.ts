import { SealError } from '../errors';
import { child, childrenNamed, parseXml, type XmlElement } from '../ofd/xml-read';
import { ARCHIVE_NAMESPACE, type EntityRole } from './model';

/** Bounds for reading a package: a 20 MB document is about 27 MB of base64. */
export const ARCHIVE_LIMITS = { maxXmlBytes: 64 * 1024 * 1024, maxXmlDepth: 8, maxXmlElements: 10_000 };

export interface PackageEntity {
  name: string;
  role: EntityRole;
  mediaType: string;
  /** As declared in the attributes (the manifest is what is signed). */
  declaredSm3: string;
  declaredSize: number;
  bytes: Uint8Array;
}

export interface ReadPackage {
  entities: PackageEntity[];
  manifestBytes: Uint8Array;
  signature: { time: string; algorithm: string; value: Uint8Array; certificates: Uint8Array[] };
  /** Elements or attributes the format does not have (a security finding, not a read error). */
  unexpected: string[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Read the package XML with the strict reader (no DOCTYPE, no entities, bounded size and depth).
 * Throws ARCHIVE_MALFORMED for what is not a package; OFD_UNSAFE_CONTENT / OFD_TOO_LARGE from the
 * XML reader for hostile XML (the checker reports those as security failures).
 */
export function readArchivePackage(bytes: Uint8Array): ReadPackage {
  const { root } = parseXml(bytes, ARCHIVE_LIMITS, 'archive package');
  if (root.local !== 'EEP' || root.attributes.get('xmlns') !== ARCHIVE_NAMESPACE)
    throw invalid('not an archive package (EEP element in urn:eseal:archive:v1)');
  const unexpected: string[] = [];
  noteUnexpected(root, ['FormatDescription', 'SignedObject', 'SignatureBlock'], unexpected);
  const signed = required(root, 'SignedObject');
  const block = required(root, 'SignatureBlock');
  noteUnexpected(signed, ['Entity', 'Manifest'], unexpected);
  noteUnexpected(block, ['SignatureTime', 'SignatureAlgorithm', 'Signer', 'SignatureValue', 'Certificate'], unexpected);
  const entities = childrenNamed(signed, 'Entity').map((e) => {
    const attr = (name: string) => {
      const value = e.attributes.get(name);
      if (value === undefined) throw invalid(`an Entity has no ${name}`);
      return value;
    };
    for (const name of e.attributes.keys())
      if (!['name', 'role', 'mediaType', 'sm3', 'size'].includes(name)) unexpected.push(`Entity@${name}`);
    return {
      name: attr('name'),
      role: attr('role') as EntityRole,
      mediaType: attr('mediaType'),
      declaredSm3: attr('sm3'),
      declaredSize: Number(attr('size')),
      bytes: base64(e.text, `entity ${attr('name')}`),
    };
  });
  return {
    entities,
    manifestBytes: base64(required(signed, 'Manifest').text, 'Manifest'),
    signature: {
      time: required(block, 'SignatureTime').text.trim(),
      algorithm: required(block, 'SignatureAlgorithm').text.trim(),
      value: base64(required(block, 'SignatureValue').text, 'SignatureValue'),
      certificates: childrenNamed(block, 'Certificate').map((c) => base64(c.text, 'Certificate')),
    },
    unexpected,
  };
}

function required(parent: XmlElement, local: string): XmlElement {
  const found = childrenNamed(parent, local);
  if (found.length !== 1) throw invalid(`${parent.local} needs exactly one ${local}`);
  return child(parent, local)!;
}

function noteUnexpected(parent: XmlElement, allowed: readonly string[], out: string[]): void {
  for (const c of parent.children) if (!allowed.includes(c.local)) out.push(`${parent.local}/${c.local}`);
}

function base64(text: string, what: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) throw invalid(`${what} is not base64`);
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

function invalid(message: string): SealError {
  return new SealError('ARCHIVE_MALFORMED', message);
}
