import { createHash } from 'node:crypto';
import { sm3 } from '../crypto/sm3';
import type { SealCertList } from './model';

export interface CertListMatch {
  matched: boolean;
  /** How the match was made: by certificate bytes (certListType 1) or by digest (2). */
  by: 'cert' | 'digest';
  algorithm?: string;
  /** Digest algorithm names in the list that we cannot compute (reported, never treated as a match). */
  unsupportedAlgorithms: string[];
}

/** Is `cert` (DER) one of the certificates the seal names? Bytes are compared exactly, never re-encoded. */
export function matchCertInList(list: SealCertList, cert: Uint8Array): CertListMatch {
  if (list.kind === 'certs') {
    return { matched: list.certs.some((c) => equalBytes(c, cert)), by: 'cert', unsupportedAlgorithms: [] };
  }
  const unsupported = new Set<string>();
  for (const d of list.digests) {
    const digest = certDigest(d.algorithm, cert);
    if (digest === null) unsupported.add(d.algorithm);
    else if (equalBytes(digest, d.value))
      return { matched: true, by: 'digest', algorithm: d.algorithm, unsupportedAlgorithms: [...unsupported] };
  }
  return { matched: false, by: 'digest', unsupportedAlgorithms: [...unsupported] };
}

/** Digest by the algorithm name in CertDigestObj.type. SHA-1 is refused: a collision would let a foreign certificate match. */
export function certDigest(algorithm: string, cert: Uint8Array): Uint8Array | null {
  const name = algorithm.toUpperCase().replace(/[-_ ]/g, '');
  if (name === 'SM3') return sm3(cert);
  if (name === 'SHA256') return new Uint8Array(createHash('sha256').update(cert).digest());
  return null;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}
