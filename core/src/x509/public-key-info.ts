import { type Asn1Node, Tag, parseDer, readBitStringBits, readOid, readSequence } from '../asn1';
import { Sm2PublicKey } from '../crypto/sm2-keys';
import { SealError } from '../errors';
import { type AlgorithmIdentifier, parseAlgorithm } from './algorithm';
import { X509Oid } from './oids';

/** SubjectPublicKeyInfo of any algorithm; only SM2 keys can be turned into a usable key. */
export interface SubjectPublicKeyInfo {
  readonly algorithm: AlgorithmIdentifier;
  /** The subjectPublicKey BIT STRING's bytes (for SM2: the 65-byte uncompressed point). */
  readonly publicKey: Uint8Array;
  readonly der: Uint8Array;
}

export function parseSubjectPublicKeyInfo(node: Asn1Node): SubjectPublicKeyInfo {
  const parts = readSequence(node, 'SubjectPublicKeyInfo');
  if (parts.length !== 2) throw new SealError('BAD_ASN1', 'SubjectPublicKeyInfo: expected algorithm and key');
  const algorithm = parseAlgorithm(parts[0], 'SubjectPublicKeyInfo');
  const { bytes, unusedBits } = readBitStringBits(parts[1], 'subjectPublicKey');
  if (unusedBits !== 0) throw new SealError('BAD_ASN1', 'subjectPublicKey has unused bits');
  return { algorithm, publicKey: bytes, der: node.raw };
}

/** id-ecPublicKey with the SM2 curve as its named-curve parameter (GM/T 0015). */
export function isSm2PublicKeyInfo(spki: SubjectPublicKeyInfo): boolean {
  if (spki.algorithm.oid !== X509Oid.ecPublicKey || !spki.algorithm.parameters) return false;
  const params = parseDer(spki.algorithm.parameters);
  return params.tag === Tag.OID && readOid(params) === X509Oid.sm2Curve;
}

/** The SM2 key of a certificate, or CERT_INVALID naming what the key is instead. */
export function sm2KeyFromPublicKeyInfo(spki: SubjectPublicKeyInfo): Sm2PublicKey {
  if (!isSm2PublicKeyInfo(spki)) {
    throw new SealError('CERT_INVALID', `certificate key is not an SM2 key (algorithm ${spki.algorithm.oid})`, {
      details: { keyAlgorithm: spki.algorithm.oid },
    });
  }
  try {
    return Sm2PublicKey.fromPoint(spki.publicKey);
  } catch (cause) {
    throw new SealError('CERT_INVALID', 'certificate holds an invalid SM2 public key', { cause });
  }
}
