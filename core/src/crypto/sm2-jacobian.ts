import { SM2_P, invMod } from './sm2-curve';

/**
 * Variable-time SM2 point arithmetic in Jacobian coordinates (x = X/Z^2, y = Y/Z^3) over BigInt.
 * ONLY for public inputs (signature verification, table building): the running time depends on the
 * scalars and points. Secret scalars go through OpenSSL's constant-time ladder instead (see sm2.ts).
 *
 * Coordinates are kept in [0, p); intermediate values may be negative or unreduced, since JS `%`
 * keeps the dividend's sign and one `norm` restores the range.
 */
const P = SM2_P;

const mul = (a: bigint, b: bigint): bigint => (a * b) % P;
/** Maps a remainder in (-p, p) to [0, p). */
const norm = (a: bigint): bigint => (a < 0n ? a + P : a);

/** An affine point given as coordinates already reduced mod p. */
export interface AffinePoint {
  x: bigint;
  y: bigint;
}

/** A mutable Jacobian point; Z = 0 encodes the point at infinity. */
export class JacobianPoint {
  constructor(
    public X = 1n,
    public Y = 1n,
    public Z = 0n,
  ) {}

  static fromAffine(p: AffinePoint): JacobianPoint {
    return new JacobianPoint(p.x, p.y, 1n);
  }

  isInfinity(): boolean {
    return this.Z === 0n;
  }

  clone(): JacobianPoint {
    return new JacobianPoint(this.X, this.Y, this.Z);
  }

  /**
   * In-place doubling for a = -3 (dbl-2001-b, 3M + 5S). Unreduced sums and products are combined
   * before a single `%` wherever the formula allows: fewer BigInt operations is the whole game here.
   */
  double(): this {
    if (this.Z === 0n) return this;
    const { X, Y, Z } = this;
    const delta = (Z * Z) % P;
    const gamma = (Y * Y) % P;
    const beta = (X * gamma) % P;
    const alpha = (3n * (X - delta) * (X + delta)) % P; // may be negative: squared or multiplied next
    const X3 = norm((alpha * alpha - 8n * beta) % P);
    this.Y = norm((alpha * (4n * beta - X3) - 8n * gamma * gamma) % P);
    this.Z = (2n * Y * Z) % P; // (Y + Z)^2 - gamma - delta
    this.X = X3;
    return this;
  }

  /** In-place this += (x2, y2) with an affine addend (madd-2004-hmv, 8M + 3S). */
  addAffine(x2: bigint, y2: bigint): this {
    if (this.Z === 0n) {
      this.X = x2;
      this.Y = y2;
      this.Z = 1n;
      return this;
    }
    const { X, Y, Z } = this;
    const zz = (Z * Z) % P;
    const h = (x2 * zz - X) % P;
    const r = (((y2 * Z) % P) * zz - Y) % P;
    if (h === 0n) {
      // Same x: either the same point (double it) or its negative (sum is infinity).
      if (r === 0n) return this.double();
      this.Z = 0n;
      return this;
    }
    const hh = (h * h) % P;
    const hhh = (h * hh) % P;
    const v = (X * hh) % P;
    const X3 = norm((r * r - hhh - 2n * v) % P);
    this.Y = norm((r * (v - X3) - Y * hhh) % P);
    this.X = X3;
    this.Z = norm((Z * h) % P);
    return this;
  }

  /** x == c (mod p) without inverting Z: compare X with c * Z^2. */
  hasAffineX(c: bigint): boolean {
    if (this.Z === 0n) return false;
    return mul(c, mul(this.Z, this.Z)) === this.X;
  }

  toAffine(): AffinePoint | null {
    return toAffineBatch([this])[0];
  }
}

/**
 * Converts many Jacobian points to affine with one field inversion (Montgomery's trick):
 * table building normalises hundreds of points, and an inversion costs ~100 multiplications.
 */
export function toAffineBatch(points: readonly JacobianPoint[]): (AffinePoint | null)[] {
  const prefix: bigint[] = new Array(points.length);
  let acc = 1n;
  for (let i = 0; i < points.length; i++) {
    prefix[i] = acc;
    if (points[i].Z !== 0n) acc = mul(acc, points[i].Z);
  }
  let inv = invMod(acc, P);
  const out: (AffinePoint | null)[] = new Array(points.length);
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i];
    if (p.Z === 0n) {
      out[i] = null;
      continue;
    }
    const zInv = mul(inv, prefix[i]);
    inv = mul(inv, p.Z);
    const zInv2 = mul(zInv, zInv);
    out[i] = { x: mul(p.X, zInv2), y: mul(p.Y, mul(zInv2, zInv)) };
  }
  return out;
}
