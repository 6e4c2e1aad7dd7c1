import { randomBytes } from 'node:crypto';
import { SealError } from '../errors';
import { SM2_A, SM2_B, SM2_DEFAULT_USER_ID, SM2_GX, SM2_GY, bigIntToBytes, bytesToBigInt } from './sm2-curve';
import { Sm2PrivateKey, Sm2PublicKey } from './sm2-keys';
import { decodeSm2Signature } from './sm2-signature-der';
import { combTableFor } from './sm2-key-tables';
import { signDigestWithNonce } from './sm2-sign-nonce';
import { verifyWithComb } from './sm2-verify-comb';
import { verifyWithWnaf } from './sm2-wasm-verify';
import { sm3 } from './sm3';

export interface Sm2Options {
  /** Signer identity for Z_A; defaults to GM/T 0009's 1234567812345678. */
  userId?: Uint8Array;
}

const CURVE_BYTES = Buffer.concat([SM2_A, SM2_B, SM2_GX, SM2_GY].map((v) => Buffer.from(bigIntToBytes(v))));

/** Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA) (GB/T 32918.2 5.5). */
export function sm2Za(publicKey: Sm2PublicKey, userId: Uint8Array = SM2_DEFAULT_USER_ID): Uint8Array {
  const bits = userId.length * 8;
  if (bits > 0xffff) throw new SealError('VALIDATION_FAILED', 'SM2 user ID too long', { details: { bytes: userId.length } });
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

/** Sign a precomputed e = SM3(Z_A || M) with a fresh random nonce (constant-time kG, see sm2-sign-nonce). */
export function sm2SignDigest(key: Sm2PrivateKey, digest: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new SealError('VALIDATION_FAILED', 'SM2 digest must be 32 bytes', { details: { bytes: digest.length } });
  const e = bytesToBigInt(digest);
  for (;;) {
    const signature = signDigestWithNonce(key, e, bytesToBigInt(randomBytes(32)));
    if (signature) return signature;
  }
}

export function sm2Verify(key: Sm2PublicKey, message: Uint8Array, signature: Uint8Array, opts: Sm2Options = {}): boolean {
  return sm2VerifyDigest(key, sm2Digest(key, message, opts), signature);
}

/**
 * Verify a DER signature against e. Never throws for malformed signatures: they are simply invalid.
 * Variable-time BigInt arithmetic, which is safe because every input is public. A key seen before
 * uses its cached comb table; a new key uses a table-free wNAF (see sm2-key-tables for the policy).
 */
export function sm2VerifyDigest(key: Sm2PublicKey, digest: Uint8Array, signature: Uint8Array): boolean {
  if (digest.length !== 32) return false;
  const sig = decodeSm2Signature(signature);
  if (!sig) return false;
  const e = bytesToBigInt(digest);
  const table = combTableFor(key);
  return table ? verifyWithComb(table, e, sig.r, sig.s) : verifyWithWnaf(key, e, sig.r, sig.s);
}
