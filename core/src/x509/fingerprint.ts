import { createHash } from 'node:crypto';
import { sm3 } from '../crypto/sm3';
import type { Sm2PublicKey } from '../crypto/sm2-keys';
import type { Certificate } from './certificate';

/** SM3 of the certificate's DER as lower-case hex: the identifier recorded on the ledger. */
export function certificateSm3(cert: Certificate | Uint8Array): string {
  const der = cert instanceof Uint8Array ? cert : cert.der;
  return Buffer.from(sm3(der)).toString('hex');
}

/**
 * Key identifier per RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. It is a lookup
 * hint, not a security value, and using the same method as OpenSSL keeps identifiers comparable across tools.
 */
export function keyIdentifier(key: Sm2PublicKey): Uint8Array {
  return new Uint8Array(createHash('sha1').update(key.point).digest());
}
