import { createECDH, randomBytes, timingSafeEqual } from 'node:crypto';
import { SealError } from '../errors';
import { SM2_B, SM2_GX, SM2_GY, SM2_N, SM2_P, bigIntToBytes, bytesToBigInt, invMod, mod } from './sm2-curve';
import { Sm2PrivateKey, Sm2PublicKey } from './sm2-keys';
import { sm2MultiplyX } from './sm2-ladder';
import { sm3 } from './sm3';

/**
 * SM2 public-key encryption (GB/T 32918.4), output C1 || C3 || C2 with C1 = 04 || x1 || y1 (65 bytes),
 * C3 = SM3(x2 || M || y2) (32 bytes), C2 = M xor KDF(x2 || y2). sm-crypto's cipherMode 1 is the same
 * layout without the leading 04.
 *
 * kG runs in OpenSSL's constant-time ladder (node's ECDH); kP and dC1 go through sm2MultiplyX, a
 * blinded BigInt double-and-add that returns x only (OpenSSL 3.5 no longer multiplies arbitrary SM2
 * points for us: see sm2-ladder.ts). The standard needs y2 as well, so y2 is recovered as a square root and its sign is fixed by
 * a second ladder: x(k(P + G)) = x(kP + kG) is known, and only one of (x2, +y) and (x2, -y) added to
 * kG has that x. The BigInt work on x2, y2 afterwards is variable-time in the coordinate values,
 * not in the scalars.
 */
const C1_BYTES = 65;
const C3_BYTES = 32;

export function sm2Encrypt(publicKey: Sm2PublicKey, message: Uint8Array): Uint8Array {
  const pPlusG = addAffine({ x: publicKey.x, y: publicKey.y }, { x: SM2_GX, y: SM2_GY });
  if (!pPlusG) throw new SealError('KEY_INVALID', 'SM2 public key is -G');
  for (;;) {
    const kBytes = randomBytes(32);
    const k = bytesToBigInt(kBytes);
    if (k < 1n || k >= SM2_N) continue;
    const ecdh = createECDH('SM2');
    ecdh.setPrivateKey(kBytes);
    const c1 = ecdh.getPublicKey();
    const kG = { x: bytesToBigInt(c1.subarray(1, 33)), y: bytesToBigInt(c1.subarray(33)) };
    const x2 = sm2MultiplyX(k, publicKey);
    const xSum = sm2MultiplyX(k, pPlusG);
    const y2 = pickY(x2, kG, xSum);
    const shared = Buffer.concat([bigIntToBytes(x2), bigIntToBytes(y2)]);
    const mask = kdf(shared, message.length);
    if (message.length > 0 && mask.every((b) => b === 0)) continue; // GB/T 32918.4 A5: redraw k
    const c2 = Buffer.alloc(message.length);
    for (let i = 0; i < message.length; i++) c2[i] = message[i] ^ mask[i];
    const c3 = sm3(shared.subarray(0, 32), message, shared.subarray(32));
    shared.fill(0);
    return new Uint8Array(Buffer.concat([c1, c3, c2]));
  }
}

/** Inverse of sm2Encrypt; DECRYPTION_FAILED for a malformed ciphertext, a wrong key or any change. */
export function sm2Decrypt(key: Sm2PrivateKey, ciphertext: Uint8Array): Uint8Array {
  if (ciphertext.length < C1_BYTES + C3_BYTES) throw new SealError('DECRYPTION_FAILED', 'SM2 ciphertext too short');
  let c1: Sm2PublicKey;
  try {
    c1 = Sm2PublicKey.fromPoint(ciphertext.subarray(0, C1_BYTES));
  } catch (cause) {
    throw new SealError('DECRYPTION_FAILED', 'SM2 ciphertext C1 is not a curve point', { cause });
  }
  const c1PlusG = addAffine({ x: c1.x, y: c1.y }, { x: SM2_GX, y: SM2_GY });
  if (!c1PlusG) throw new SealError('DECRYPTION_FAILED', 'SM2 ciphertext C1 is -G');
  const x2 = sm2MultiplyX(key.d, c1);
  const xSum = sm2MultiplyX(key.d, c1PlusG); // x(dC1 + dG) = x(dC1 + P)
  const y2 = pickY(x2, { x: key.publicKey.x, y: key.publicKey.y }, xSum);
  const shared = Buffer.concat([bigIntToBytes(x2), bigIntToBytes(y2)]);
  const c3 = ciphertext.subarray(C1_BYTES, C1_BYTES + C3_BYTES);
  const c2 = ciphertext.subarray(C1_BYTES + C3_BYTES);
  const mask = kdf(shared, c2.length);
  const message = new Uint8Array(c2.length);
  for (let i = 0; i < c2.length; i++) message[i] = c2[i] ^ mask[i];
  const expected = sm3(shared.subarray(0, 32), message, shared.subarray(32));
  shared.fill(0);
  if (!timingSafeEqual(expected, c3) || (c2.length > 0 && mask.every((b) => b === 0))) {
    message.fill(0);
    throw new SealError('DECRYPTION_FAILED', 'SM2 ciphertext does not authenticate');
  }
  return message;
}

/** GB/T 32918.4 5.4.3: SM3 in counter mode, counter from 1, 32-bit big-endian. */
export function sm2Kdf(z: Uint8Array, length: number): Uint8Array {
  return kdf(z, length);
}

function kdf(z: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  for (let offset = 0, ct = 1; offset < length; offset += 32, ct++) {
    new DataView(counter.buffer).setUint32(0, ct);
    out.set(sm3(z, counter).subarray(0, Math.min(32, length - offset)), offset);
  }
  return out;
}

/** The y of x's two square roots for which x(Q + A) = xSum, where Q = (x, y). */
function pickY(x: bigint, a: { x: bigint; y: bigint }, xSum: bigint): bigint {
  const rhs = mod(x * x * x - 3n * x + SM2_B, SM2_P);
  const y = modPow(rhs, (SM2_P + 1n) / 4n); // p = 3 (mod 4)
  if (mod(y * y, SM2_P) !== rhs) throw new SealError('INTERNAL', 'the ladder returned an x off the curve');
  const sum = addAffine({ x, y }, a);
  return sum && sum.x === xSum ? y : SM2_P - y;
}

function modPow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base, SM2_P);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % SM2_P;
    b = (b * b) % SM2_P;
  }
  return result;
}

function addAffine(p: { x: bigint; y: bigint }, q: { x: bigint; y: bigint }): { x: bigint; y: bigint } | null {
  let lambda: bigint;
  if (p.x === q.x) {
    if (mod(p.y + q.y, SM2_P) === 0n) return null;
    lambda = mod((3n * p.x * p.x - 3n) * invMod(2n * p.y, SM2_P), SM2_P);
  } else {
    lambda = mod((q.y - p.y) * invMod(q.x - p.x, SM2_P), SM2_P);
  }
  const x = mod(lambda * lambda - p.x - q.x, SM2_P);
  return { x, y: mod(lambda * (p.x - x) - p.y, SM2_P) };
}
