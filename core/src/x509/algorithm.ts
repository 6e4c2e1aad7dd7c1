import { type Asn1Node, der, readOid, readSequence } from '../asn1';
import { SealError } from '../errors';
import { X509Oid } from './oids';

/** AlgorithmIdentifier with its parameters kept as raw DER (absent for SM2-with-SM3). */
export interface AlgorithmIdentifier {
  readonly oid: string;
  readonly parameters?: Uint8Array;
}

export const SM2_WITH_SM3: AlgorithmIdentifier = { oid: X509Oid.sm2WithSm3 };

export function encodeAlgorithm(alg: AlgorithmIdentifier): Uint8Array {
  return alg.parameters ? der.seq(der.oid(alg.oid), alg.parameters) : der.seq(der.oid(alg.oid));
}

export function parseAlgorithm(node: Asn1Node, what: string): AlgorithmIdentifier {
  const parts = readSequence(node, what);
  if (parts.length < 1 || parts.length > 2) throw new SealError('BAD_ASN1', `${what}: malformed AlgorithmIdentifier`);
  const oid = readOid(parts[0], `${what} algorithm`);
  return parts.length === 2 ? { oid, parameters: parts[1].raw } : { oid };
}

export function sameAlgorithm(a: AlgorithmIdentifier, b: AlgorithmIdentifier): boolean {
  if (a.oid !== b.oid) return false;
  if (!a.parameters || !b.parameters) return !a.parameters && !b.parameters;
  return Buffer.from(a.parameters).equals(Buffer.from(b.parameters));
}
