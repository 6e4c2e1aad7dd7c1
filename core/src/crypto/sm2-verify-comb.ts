import { SM2_GX, SM2_GY, SM2_N, SM2_P } from './sm2-curve';
import { CombShape, CombTable, buildCombTable, jointCombMultiply } from './sm2-comb';
import { JacobianPoint } from './sm2-jacobian';

/** G is shared by every verification, so its table is larger: 2046 points (~200 KB), 26 additions. */
const GENERATOR_SHAPE: CombShape = { teeth: 10, blocks: 2 };
/**
 * For a process that verifies a handful of signatures and exits (the CLI): 15 points, built in about
 * a millisecond, 64 additions per verification instead of 26. The large table costs about as much to
 * build as a dozen verifications save with it.
 */
const SMALL_GENERATOR_SHAPE: CombShape = { teeth: 4, blocks: 1 };
/** Per key: 510 points (~57 KB), 15 doublings (shared with G) and 32 additions. */
export const PUBLIC_KEY_SHAPE: CombShape = { teeth: 8, blocks: 2 };

let generatorShape: CombShape = GENERATOR_SHAPE;
let generatorTable: CombTable | undefined;

/** Which table of G verifications use from now on: 'large' (the default, servers) or 'small' (one-shot processes). */
export function useGeneratorTable(size: 'large' | 'small'): void {
  const shape = size === 'large' ? GENERATOR_SHAPE : SMALL_GENERATOR_SHAPE;
  if (shape === generatorShape) return;
  generatorShape = shape;
  generatorTable = undefined;
}

/** The comb table of G, built on first use (~25 ms of CPU for the large one) and kept for the process. */
export function generatorCombTable(): CombTable {
  generatorTable ??= buildCombTable({ x: SM2_GX, y: SM2_GY }, generatorShape);
  return generatorTable;
}

/**
 * GB/T 32918.2 7.1 steps B5-B7 with the public key's comb table: accept iff (e + x1) mod n = r where
 * (x1, y1) = sG + tP. x1 is never made affine: x1 mod n = r - e means x1 is c or c + n (x1 < p < 2n),
 * and each candidate is checked against X / Z^2 by multiplying, which saves the field inversion.
 * Inputs: r, s already range-checked to [1, n-1].
 */
export function verifyWithComb(keyTable: CombTable, e: bigint, r: bigint, s: bigint): boolean {
  const t = (r + s) % SM2_N;
  if (t === 0n) return false;
  return acceptsX(jointCombMultiply(generatorCombTable(), s, keyTable, t), e, r);
}

/** (e + x1) mod n = r, decided on the Jacobian point (see verifyWithComb); also used by sm2-wasm-verify. */
export function acceptsX(q: JacobianPoint, e: bigint, r: bigint): boolean {
  let c = (r - e) % SM2_N;
  if (c < 0n) c += SM2_N;
  if (q.hasAffineX(c)) return true;
  return c + SM2_N < SM2_P && q.hasAffineX(c + SM2_N);
}
