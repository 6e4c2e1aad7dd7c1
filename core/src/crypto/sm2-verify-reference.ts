import { createECDH } from 'node:crypto';
import { SM2_A, SM2_N, SM2_P, bigIntToBytes, bytesToBigInt, invMod, mod } from './sm2-curve';
import { Sm2PublicKey } from './sm2-keys';
import { sm2MultiplyX } from './sm2-ladder';

/**
 * Reference verification equation: x1 of sG + tP is computed as x of t * (P + (s/t)G), one fixed-base
 * multiplication in OpenSSL (ECDH.getPublicKey, full point), one affine addition and one textbook
 * double-and-add (sm2MultiplyX). Far slower than the comb and wNAF paths and built differently from
 * both, so production does not use it: it is what the fast paths are checked against in tests.
 * Inputs: r, s already range-checked to [1, n-1].
 */
export function verifyReference(key: Sm2PublicKey, e: bigint, r: bigint, s: bigint): boolean {
  const t = mod(r + s, SM2_N);
  if (t === 0n) return false;
  const u = mod(s * invMod(t, SM2_N), SM2_N);
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(Buffer.from(bigIntToBytes(u)));
  const uG = ecdh.getPublicKey();
  const sum = addAffine(bytesToBigInt(uG.subarray(1, 33)), bytesToBigInt(uG.subarray(33, 65)), key.x, key.y);
  if (!sum) return false; // P = -uG: sG + tP is the point at infinity
  const x1 = sm2MultiplyX(t, sum);
  return mod(e + x1, SM2_N) === r;
}

function addAffine(x1: bigint, y1: bigint, x2: bigint, y2: bigint): { x: bigint; y: bigint } | null {
  let lambda: bigint;
  if (x1 === x2) {
    if (mod(y1 + y2, SM2_P) === 0n) return null;
    lambda = mod((3n * x1 * x1 + SM2_A) * invMod(2n * y1, SM2_P), SM2_P);
  } else {
    lambda = mod((y2 - y1) * invMod(x2 - x1, SM2_P), SM2_P);
  }
  const x = mod(lambda * lambda - x1 - x2, SM2_P);
  return { x, y: mod(lambda * (x1 - x) - y1, SM2_P) };
}
