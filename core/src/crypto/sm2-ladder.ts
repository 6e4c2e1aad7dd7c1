import { randomBytes } from 'node:crypto';
import { SM2_N, bytesToBigInt } from './sm2-curve';
import { type AffinePoint, JacobianPoint } from './sm2-jacobian';

/**
 * x(k * Q) for a scalar k and a point Q already known to be on the curve.
 *
 * Node's ECDH object used to do this inside OpenSSL's constant-time ladder
 * (`setPrivateKey(k).computeSecret(Q)`), but OpenSSL 3.5 (Node 24) refuses every SM2-curve key pair in
 * ECDH ("Invalid key pair"), and a KeyObject built from an SM2-curve key is typed SM2, which
 * `crypto.diffieHellman` will not take. Fixed-base kG still runs in OpenSSL (ECDH.getPublicKey), so
 * signing is unaffected; this arbitrary-base product is BigInt code, hardened as far as BigInt allows:
 * the scalar is blinded with a fresh random multiple of n (k + m n gives the same point, and its bits
 * change on every call), and every bit costs one doubling and one addition whatever its value. BigInt
 * arithmetic is still variable-time in the operand values, which is why production signing never uses
 * this; SM2 encryption (not used by the service) and the reference verifier in tests do.
 */
export function sm2MultiplyX(k: bigint, q: AffinePoint): bigint {
  const blinded = k + bytesToBigInt(randomBytes(8)) * SM2_N;
  const bits = 256 + 64;
  let acc = new JacobianPoint();
  for (let i = bits - 1; i >= 0; i--) {
    acc.double();
    const sum = acc.clone().addAffine(q.x, q.y);
    // Both branches have done the same work; only which result is kept depends on the bit.
    if ((blinded >> BigInt(i)) & 1n) acc = sum;
  }
  const affine = acc.toAffine();
  if (!affine) throw new RangeError('k * Q is the point at infinity');
  return affine.x;
}
