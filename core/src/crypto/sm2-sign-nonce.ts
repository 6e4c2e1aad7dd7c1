import { createECDH } from 'node:crypto';
import { SM2_N, bigIntToBytes, mod } from './sm2-curve';
import { Sm2PrivateKey } from './sm2-keys';
import { encodeSm2Signature } from './sm2-signature-der';

/**
 * GB/T 32918.2 6.1 steps A4-A7 for one nonce k. Returns null when k must be redrawn
 * (r = 0, r + k = n or s = 0). kG runs in OpenSSL through node's ECDH, a constant-time ladder,
 * because k is as secret as d: a leaked nonce reveals the private key.
 *
 * Internal: only sm2.ts (random k) and the standard's test vector (fixed k) call this; it is
 * deliberately not exported from the package.
 */
export function signDigestWithNonce(key: Sm2PrivateKey, e: bigint, k: bigint): Uint8Array | null {
  if (k < 1n || k >= SM2_N) return null;
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(Buffer.from(bigIntToBytes(k)));
  const x1 = BigInt('0x' + ecdh.getPublicKey('hex').slice(2, 66));
  const r = mod(e + x1, SM2_N);
  if (r === 0n || r + k === SM2_N) return null;
  const s = mod(key.inverseOnePlusD * (k - r * key.d), SM2_N);
  if (s === 0n) return null;
  return encodeSm2Signature(r, s);
}
