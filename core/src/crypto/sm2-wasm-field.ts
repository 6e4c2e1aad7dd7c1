import { SM2_P } from './sm2-curve';
import { SM2_FIELD_WASM_BASE64 } from './sm2-field-wasm.generated';

/**
 * The SM2 field and point arithmetic of tools/sm2-field-wasm (WebAssembly, eight 32-bit limbs in
 * Montgomery form): about three times faster than BigInt `(a * b) % p`, which dominates verification
 * with a public key that has no comb table yet. Variable time: public inputs only.
 *
 * The module works on pointers into its own memory. This file owns that memory's layout and the
 * conversions between BigInt and Montgomery limbs; sm2-wasm-verify.ts drives the point arithmetic.
 */
export interface Sm2FieldModule {
  /** In-place doubling of the Jacobian point at q. */
  dbl(q: number): void;
  /** In-place q += (x, y), an affine point in Montgomery form at the pointers x, y. */
  madd(q: number, x: number, y: number): void;
  /** In-place q += (x, y, z), a Jacobian point given by three pointers. */
  jadd(q: number, x: number, y: number, z: number): void;
  /** o = a * b * R^-1 mod p (Montgomery product). */
  mul(o: number, a: number, b: number): void;
  /** o = a + b mod p. */
  add(o: number, a: number, b: number): void;
  /** o = a - b mod p. */
  sub(o: number, a: number, b: number): void;
}

/** Memory layout (bytes). Temporaries 0..511 and R mod p at 512 are fixed by the module itself. */
export const LAYOUT = {
  oneMont: 512,
  zero: 544,
  /** The running Jacobian point: X, Y, Z. */
  accumulator: 1024,
  /** Jacobian points (X, Y, Z, -Y) of P, 3P, ..., 15P: 128 bytes each. */
  oddMultiples: 2048,
  /** 2P while the odd multiples are built. */
  double: 3072,
  /** G's comb table: entry i has x at base + 64 i and y at base + 64 i + 32. */
  generatorTable: 4096,
} as const;

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Sm2FieldModule & { memory: { buffer: ArrayBuffer } } };
}

const R = 1n << 256n;
const R_MOD_P = R % SM2_P;

let instance: { module: Sm2FieldModule; memory: Uint32Array } | undefined;

/** The instantiated module, compiled on first use (synchronously: the module is 7 KB). */
export function sm2Field(): { module: Sm2FieldModule; memory: Uint32Array } {
  if (!instance) {
    const { Module, Instance } = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
    const wasm = new Instance(new Module(Buffer.from(SM2_FIELD_WASM_BASE64, 'base64')), {}).exports;
    const memory = new Uint32Array(wasm.memory.buffer);
    writeLimbs(memory, LAYOUT.oneMont, R_MOD_P);
    instance = { module: wasm, memory };
  }
  return instance;
}

/** Writes v (in [0, p)) times R mod p at the byte offset. */
export function writeMontgomery(memory: Uint32Array, offset: number, v: bigint): void {
  writeLimbs(memory, offset, (v << 256n) % SM2_P);
}

/** Reads the Montgomery element at the byte offset back to its value in [0, p). */
export function readMontgomery(memory: Uint32Array, offset: number): bigint {
  return (readLimbs(memory, offset) * R_INVERSE) % SM2_P;
}

/** R^-1 mod p. R = 2^256 and p is odd, so the inverse exists. */
const R_INVERSE = modPow(R_MOD_P, SM2_P - 2n, SM2_P);

function writeLimbs(memory: Uint32Array, offset: number, v: bigint): void {
  const hex = v.toString(16).padStart(64, '0');
  const base = offset >>> 2;
  for (let j = 0; j < 8; j++) memory[base + j] = parseInt(hex.slice(56 - 8 * j, 64 - 8 * j), 16);
}

function readLimbs(memory: Uint32Array, offset: number): bigint {
  const base = offset >>> 2;
  let hex = '';
  for (let j = 7; j >= 0; j--) hex += memory[base + j].toString(16).padStart(8, '0');
  return BigInt('0x' + hex);
}

function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = base % m;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}
