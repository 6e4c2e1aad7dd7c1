import { createECDH, randomBytes } from 'node:crypto';
import {
  SM2_A, SM2_B, SM2_DEFAULT_USER_ID, SM2_GX, SM2_GY, SM2_N, SM2_P, bigIntToBytes, bytesToBigInt, invMod, mod,
} from './sm2-curve';
import { Sm2PrivateKey, Sm2PublicKey } from './sm2-keys';
import { decodeSm2Signature, encodeSm2Signature } from './sm2-signature-der';
import { sm3 } from './sm3';

export interface Sm2Options {
  /** Signer identity for Z_A; defaults to GM/T 0009's 1234567812345678. */
  userId?: Uint8Array;
}

const CURVE_BYTES = Buffer.concat([SM2_A, SM2_B, SM2_GX, SM2_GY].map((v) => Buffer.from(bigIntToBytes(v))));

/** Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA) (GB/T 32918.2 5.5). */
export function sm2Za(publicKey: Sm2PublicKey, userId: Uint8Array = SM2_DEFAULT_USER_ID): Uint8Array {
  const bits = userId.length * 8;
  if (bits > 0xffff) throw new RangeError('SM2 user ID too long');
  return sm3(new Uint8Array([bits >> 8, bits & 0xff]), userId, CURVE_BYTES, publicKey.point.subarray(1));
}

/** The value e = SM3(Z_A || M) that an SM2 signature actually signs. */
export function sm2Digest(publicKey: Sm2PublicKey, message: Uint8Array, opts: Sm2Options = {}): Uint8Array {
  return sm3(sm2Za(publicKey, opts.userId), message);
}

/** Sign a message: SM3 with Z_A of the default ID, DER signature. */
export function sm2Sign(key: Sm2PrivateKey, message: Uint8Array, opts: Sm2Options = {}): Uint8Array {
  return sm2SignDigest(key, sm2Digest(key.publicKey, message, opts));
}

/**
 * Sign a precomputed e = SM3(Z_A || M). The scalar multiplication kG runs in OpenSSL through
 * node's ECDH (constant-time ladder), so the secret nonce never meets variable-time BigInt code
 * except in the final scalar arithmetic mod n.
 */
export function sm2SignDigest(key: Sm2PrivateKey, digest: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new RangeError('SM2 digest must be 32 bytes');
  const e = bytesToBigInt(digest);
  const ecdh = createECDH('SM2');
  for (;;) {
    const kBytes = randomBytes(32);
    const k = bytesToBigInt(kBytes);
    if (k < 1n || k >= SM2_N) continue;
    ecdh.setPrivateKey(kBytes);
    const x1 = bytesToBigInt(ecdh.getPublicKey().subarray(1, 33));
    const r = mod(e + x1, SM2_N);
    if (r === 0n || r + k === SM2_N) continue;
    const s = mod(key.inverseOnePlusD * (k - r * key.d), SM2_N);
    if (s === 0n) continue;
    return encodeSm2Signature(r, s);
  }
}

export function sm2Verify(key: Sm2PublicKey, message: Uint8Array, signature: Uint8Array, opts: Sm2Options = {}): boolean {
  return sm2VerifyDigest(key, sm2Digest(key, message, opts), signature);
}

/**
 * Verify against e. x1 of sG + tP is computed as x of t * (P + (s/t)G): one fixed-base multiplication
 * (full point) and one ECDH multiplication (x only), both in OpenSSL, plus one affine addition here.
 */
export function sm2VerifyDigest(key: Sm2PublicKey, digest: Uint8Array, signature: Uint8Array): boolean {
  if (digest.length !== 32) return false;
  const sig = decodeSm2Signature(signature);
  if (!sig) return false;
  const { r, s } = sig;
  const t = mod(r + s, SM2_N);
  if (t === 0n) return false;
  const u = mod(s * invMod(t, SM2_N), SM2_N);
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(Buffer.from(bigIntToBytes(u)));
  const uG = ecdh.getPublicKey();
  const a = addAffine(bytesToBigInt(uG.subarray(1, 33)), bytesToBigInt(uG.subarray(33, 65)), key.x, key.y);
  if (!a) return false; // P = -uG: sG + tP is the point at infinity
  ecdh.setPrivateKey(Buffer.from(bigIntToBytes(t)));
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(bigIntToBytes(a.x)), Buffer.from(bigIntToBytes(a.y))]);
  const x1 = bytesToBigInt(ecdh.computeSecret(point));
  return mod(bytesToBigInt(digest) + x1, SM2_N) === r;
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
