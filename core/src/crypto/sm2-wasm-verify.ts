import { SM2_N } from './sm2-curve';
import { CombTable, combOffsets } from './sm2-comb';
import { AffinePoint, JacobianPoint } from './sm2-jacobian';
import { acceptsX, generatorCombTable } from './sm2-verify-comb';
import { LAYOUT, Sm2FieldModule, readMontgomery, sm2Field, writeMontgomery } from './sm2-wasm-field';
import { WIDTH, wnaf } from './sm2-wnaf';

/**
 * GB/T 32918.2 7.1 steps B5-B7 for a public key without a comb table (seen for the first time):
 * s*G + t*P with t's width-5 NAF over P's odd multiples (Jacobian) and G's comb columns folded into the same
 * doubling chain, on the WebAssembly field arithmetic (sm2-wasm-field.ts). About 3.5x faster than the
 * same algorithm on BigInt, which is what a court verifying documents from many seals waits for.
 * Inputs: r, s already range-checked to [1, n-1]; P a validated point of the curve.
 */
export function verifyWithWnaf(key: AffinePoint, e: bigint, r: bigint, s: bigint): boolean {
  const t = (r + s) % SM2_N;
  if (t === 0n) return false;
  const { module, memory } = sm2Field();
  const table = loadGeneratorTable(memory);
  writeOddMultiples(module, memory, key);
  const q = LAYOUT.accumulator;
  memory.fill(0, (q + 64) >>> 2, (q + 96) >>> 2); // Z = 0: the point at infinity

  const digits = wnaf(t, WIDTH);
  const offsets = combOffsets(s, table);
  const blocks = table.shape.blocks;
  let top = digits.length - 1;
  while (top >= table.spacing && digits[top] === 0) top--;
  for (let j = top; j >= 0; j--) {
    module.dbl(q);
    const d = digits[j];
    if (d > 0) {
      const at = LAYOUT.oddMultiples + (d >> 1) * MULTIPLE_BYTES;
      module.jadd(q, at, at + 32, at + 64);
    } else if (d < 0) {
      const at = LAYOUT.oddMultiples + (-d >> 1) * MULTIPLE_BYTES;
      module.jadd(q, at, at + 96, at + 64);
    }
    if (j < table.spacing) {
      for (let v = 0; v < blocks; v++) {
        const entry = offsets[j * blocks + v];
        if (entry !== 0) module.madd(q, LAYOUT.generatorTable + entry * 64, LAYOUT.generatorTable + entry * 64 + 32);
      }
    }
  }
  // Only X and Z decide x1 = X / Z^2 (see acceptsX): no inversion, no Y.
  return acceptsX(new JacobianPoint(readMontgomery(memory, q), 0n, readMontgomery(memory, q + 64)), e, r);
}

const MULTIPLE_BYTES = 128;
const MULTIPLE_COUNT = 1 << (WIDTH - 2);

/**
 * P, 3P, ..., 15P as Jacobian points with their negated Y, built in the module: kept Jacobian
 * because making them affine would cost a field inversion, more than the extra multiplications of
 * Jacobian additions in the main loop.
 */
function writeOddMultiples(module: Sm2FieldModule, memory: Uint32Array, key: AffinePoint): void {
  const first = LAYOUT.oddMultiples;
  writeMontgomery(memory, first, key.x);
  writeMontgomery(memory, first + 32, key.y);
  copyElement(memory, first + 64, LAYOUT.oneMont);
  copyPoint(memory, LAYOUT.double, first);
  module.dbl(LAYOUT.double);
  for (let i = 1; i < MULTIPLE_COUNT; i++) {
    const at = first + i * MULTIPLE_BYTES;
    copyPoint(memory, at, at - MULTIPLE_BYTES);
    module.jadd(at, LAYOUT.double, LAYOUT.double + 32, LAYOUT.double + 64);
  }
  for (let i = 0; i < MULTIPLE_COUNT; i++) {
    const at = first + i * MULTIPLE_BYTES;
    module.sub(at + 96, LAYOUT.zero, at + 32);
  }
}

function copyElement(memory: Uint32Array, to: number, from: number): void {
  memory.copyWithin(to >>> 2, from >>> 2, (from >>> 2) + 8);
}

function copyPoint(memory: Uint32Array, to: number, from: number): void {
  memory.copyWithin(to >>> 2, from >>> 2, (from >>> 2) + 24);
}

let generatorLoaded: CombTable | undefined;

/** G's comb table copied into the module's memory once per process (~2 ms). */
function loadGeneratorTable(memory: Uint32Array): CombTable {
  if (!generatorLoaded) {
    const table = generatorCombTable();
    for (let i = 0; i < table.xs.length; i++) {
      if (table.xs[i] === 0n && table.ys[i] === 0n) continue; // index 0 of each block: "add nothing"
      writeMontgomery(memory, LAYOUT.generatorTable + i * 64, table.xs[i]);
      writeMontgomery(memory, LAYOUT.generatorTable + i * 64 + 32, table.ys[i]);
    }
    generatorLoaded = table;
  }
  return generatorLoaded;
}
