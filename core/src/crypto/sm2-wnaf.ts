import { SM2_P } from './sm2-curve';
import { CombTable, addColumn, combOffsets } from './sm2-comb';
import { AffinePoint, JacobianPoint, toAffineBatch } from './sm2-jacobian';

/**
 * k*P + a*A for a point P without a table (a key seen for the first time): width-w NAF of k with the
 * odd multiples P, 3P, ..., (2^(w-1) - 1)P, and A's comb columns folded into the same doubling chain.
 * About 256 doublings and 256/(w+1) + 26 additions. Variable time: public inputs only.
 */
const WIDTH = 5;

/** Signed digits of k, least significant first; each non-zero digit is odd and |digit| < 2^(w-1). */
export function wnaf(k: bigint, width = WIDTH): Int8Array {
  const digits = new Int8Array(258);
  const full = 1n << BigInt(width);
  const half = 1 << (width - 1);
  let i = 0;
  while (k > 0n) {
    if (k & 1n) {
      let d = Number(k & (full - 1n));
      if (d >= half) d -= 1 << width;
      digits[i] = d;
      k -= BigInt(d);
    }
    k >>= 1n;
    i++;
  }
  return digits;
}

/** Affine P, 3P, 5P, ... (2^(w-1) - 1)P with one shared inversion; null if P has small order. */
function oddMultiples(p: AffinePoint, width: number): AffinePoint[] | null {
  const count = 1 << (width - 2);
  const twoP = JacobianPoint.fromAffine(p).double().toAffine();
  if (!twoP) return null;
  const jac: JacobianPoint[] = [JacobianPoint.fromAffine(p)];
  for (let i = 1; i < count; i++) jac.push(jac[i - 1].clone().addAffine(twoP.x, twoP.y));
  const affine = toAffineBatch(jac);
  return affine.every((a) => a !== null) ? (affine as AffinePoint[]) : null;
}

/** k*P + a*A where A has a comb table (G in practice). */
export function wnafPlusComb(p: AffinePoint, k: bigint, table: CombTable, a: bigint): JacobianPoint {
  const multiples = oddMultiples(p, WIDTH);
  const q = new JacobianPoint();
  if (!multiples) return q; // unreachable for a validated key of prime order; never a wrong "valid"
  const digits = wnaf(k, WIDTH);
  const offsets = combOffsets(a, table);
  const blocks = table.shape.blocks;
  let top = digits.length - 1;
  while (top >= table.spacing && digits[top] === 0) top--;
  for (let j = top; j >= 0; j--) {
    q.double();
    const d = digits[j];
    if (d > 0) q.addAffine(multiples[d >> 1].x, multiples[d >> 1].y);
    else if (d < 0) q.addAffine(multiples[-d >> 1].x, SM2_P - multiples[-d >> 1].y);
    if (j < table.spacing) addColumn(q, table, offsets, j * blocks, blocks);
  }
  return q;
}
