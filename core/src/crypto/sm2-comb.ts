import { SealError } from '../errors';
import { AffinePoint, JacobianPoint, toAffineBatch } from './sm2-jacobian';

/**
 * Lim-Lee comb multiplication for 256-bit scalars. A comb with T teeth and V blocks has spacing
 * d = ceil(256 / (T V)); its table holds V * (2^T - 1) affine points and k*P costs d - 1 doublings
 * and V*d mixed additions. Two combs share their doublings, which is what makes s*G + t*P cheap
 * (verification's whole cost): the loop runs for the larger spacing and each comb adds its columns.
 */
export interface CombShape {
  readonly teeth: number;
  readonly blocks: number;
}

/** Affine table entries: block v, index i (1..2^T-1) at v * 2^T + i, split into x and y arrays. */
export interface CombTable {
  readonly shape: CombShape;
  readonly spacing: number;
  readonly xs: readonly bigint[];
  readonly ys: readonly bigint[];
}

export function combSpacing(shape: CombShape): number {
  return Math.ceil(256 / (shape.teeth * shape.blocks));
}

export function buildCombTable(base: AffinePoint, shape: CombShape): CombTable {
  const { teeth, blocks } = shape;
  const spacing = combSpacing(shape);
  // Tooth (v, j) is 2^((v T + j) d) * base: one doubling chain covers all of them.
  const toothJac: JacobianPoint[] = [JacobianPoint.fromAffine(base)];
  for (let n = 1; n < teeth * blocks; n++) {
    const next = toothJac[n - 1].clone();
    for (let i = 0; i < spacing; i++) next.double();
    toothJac.push(next);
  }
  const toothAffine = toAffineBatch(toothJac).map(requirePoint);
  const size = 1 << teeth;
  const jac: JacobianPoint[] = [];
  for (let v = 0; v < blocks; v++) {
    const blockStart = jac.length;
    for (let idx = 1; idx < size; idx++) {
      const top = 31 - Math.clz32(idx);
      const rest = idx ^ (1 << top);
      const tooth = toothAffine[v * teeth + top];
      jac.push(rest === 0 ? JacobianPoint.fromAffine(tooth) : jac[blockStart + rest - 1].clone().addAffine(tooth.x, tooth.y));
    }
  }
  const affine = toAffineBatch(jac).map(requirePoint);
  const xs: bigint[] = new Array(blocks * size).fill(0n);
  const ys: bigint[] = new Array(blocks * size).fill(0n);
  for (let v = 0; v < blocks; v++) {
    for (let idx = 1; idx < size; idx++) {
      const p = affine[v * (size - 1) + idx - 1];
      xs[v * size + idx] = p.x;
      ys[v * size + idx] = p.y;
    }
  }
  return { shape, spacing, xs, ys };
}

/**
 * Table offsets for every column: out[i * V + v] = v * 2^T + sum_j bit((v T + j) d + i) << j.
 * Requires 0 <= k < 2^256. An offset with a zero index (v * 2^T) means "add nothing".
 */
export function combOffsets(k: bigint, table: CombTable): Uint32Array {
  const { teeth, blocks } = table.shape;
  const d = table.spacing;
  const hex = k.toString(16).padStart(64, '0');
  const words = new Uint32Array(8); // little-endian 32-bit words of k
  for (let w = 0; w < 8; w++) words[w] = parseInt(hex.slice(56 - 8 * w, 64 - 8 * w), 16);
  const out = new Uint32Array(d * blocks);
  for (let i = 0; i < d; i++) {
    for (let v = 0; v < blocks; v++) {
      let index = 0;
      for (let j = 0; j < teeth; j++) {
        const bit = (v * teeth + j) * d + i;
        if (bit < 256) index |= ((words[bit >>> 5] >>> (bit & 31)) & 1) << j;
      }
      out[i * blocks + v] = index === 0 ? 0 : (v << teeth) | index;
    }
  }
  return out;
}

/** a*A + b*B from the comb tables of A and B (Jacobian; infinity when the sum is). */
export function jointCombMultiply(tableA: CombTable, a: bigint, tableB: CombTable, b: bigint): JacobianPoint {
  const oa = combOffsets(a, tableA);
  const ob = combOffsets(b, tableB);
  const va = tableA.shape.blocks;
  const vb = tableB.shape.blocks;
  const q = new JacobianPoint();
  for (let i = Math.max(tableA.spacing, tableB.spacing) - 1; i >= 0; i--) {
    q.double();
    if (i < tableA.spacing) addColumn(q, tableA, oa, i * va, va);
    if (i < tableB.spacing) addColumn(q, tableB, ob, i * vb, vb);
  }
  return q;
}

/** k*A from one comb table. */
export function combMultiply(table: CombTable, k: bigint): JacobianPoint {
  const o = combOffsets(k, table);
  const v = table.shape.blocks;
  const q = new JacobianPoint();
  for (let i = table.spacing - 1; i >= 0; i--) {
    q.double();
    addColumn(q, table, o, i * v, v);
  }
  return q;
}

/** Adds comb column `from / count` of the table to q (count = the table's block count). */
export function addColumn(q: JacobianPoint, table: CombTable, offsets: Uint32Array, from: number, count: number): void {
  for (let v = 0; v < count; v++) {
    const at = offsets[from + v];
    if (at !== 0) q.addAffine(table.xs[at], table.ys[at]);
  }
}

function requirePoint(p: AffinePoint | null): AffinePoint {
  // A base of prime order n never yields infinity for multipliers below 2^256 < 2n that are not n.
  if (!p) throw new SealError('KEY_INVALID', 'comb table base has small order');
  return p;
}
