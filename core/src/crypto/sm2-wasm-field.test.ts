import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SM2_P, bytesToBigInt } from './sm2-curve';
import { AffinePoint, JacobianPoint } from './sm2-jacobian';
import { Sm2PrivateKey } from './sm2-keys';
import { LAYOUT, readMontgomery, sm2Field, writeMontgomery } from './sm2-wasm-field';

/** Field elements that exercise carries, borrows and the final subtraction. */
const EDGES = [0n, 1n, 2n, SM2_P - 1n, SM2_P - 2n, (1n << 224n) - 1n, 1n << 255n, SM2_P >> 1n, 0xffffffffn, 1n << 32n];
const A = 0;
const B = 32;
const OUT = 64;
/** Scratch above the module's own temporaries and constants. */
const BASE = LAYOUT.accumulator + 512;

function randomElement(): bigint {
  return bytesToBigInt(randomBytes(32)) % SM2_P;
}

describe('SM2 field arithmetic in WebAssembly', () => {
  const { module, memory } = sm2Field();
  const pairs: [bigint, bigint][] = [];
  for (const a of EDGES) for (const b of EDGES) pairs.push([a, b]);
  for (let i = 0; i < 500; i++) pairs.push([randomElement(), randomElement()]);

  it.each([
    ['mul', (a: bigint, b: bigint) => (a * b) % SM2_P],
    ['add', (a: bigint, b: bigint) => (a + b) % SM2_P],
    ['sub', (a: bigint, b: bigint) => (((a - b) % SM2_P) + SM2_P) % SM2_P],
  ] as const)('%s agrees with BigInt arithmetic mod p, edge values and random ones', (name, expected) => {
    for (const [a, b] of pairs) {
      writeMontgomery(memory, BASE + A, a);
      writeMontgomery(memory, BASE + B, b);
      module[name](BASE + OUT, BASE + A, BASE + B);
      expect(readMontgomery(memory, BASE + OUT)).toBe(expected(a, b));
    }
  });

  it('allows the output to alias an input', () => {
    const a = randomElement();
    writeMontgomery(memory, BASE + A, a);
    module.mul(BASE + A, BASE + A, BASE + A);
    expect(readMontgomery(memory, BASE + A)).toBe((a * a) % SM2_P);
  });

  describe('point arithmetic, including the special cases of addition', () => {
    const Q = BASE + 128; // X, Y, Z, -Y
    const R2 = BASE + 256;
    const randomPoint = (): AffinePoint => Sm2PrivateKey.generate().publicKey;
    const load = (at: number, p: AffinePoint) => {
      writeMontgomery(memory, at, p.x);
      writeMontgomery(memory, at + 32, p.y);
      writeMontgomery(memory, at + 64, 1n);
      writeMontgomery(memory, at + 96, SM2_P - p.y);
    };
    const affine = (at: number): AffinePoint | null =>
      new JacobianPoint(readMontgomery(memory, at), readMontgomery(memory, at + 32), readMontgomery(memory, at + 64)).toAffine();
    const expectedSum = (p: AffinePoint, q: AffinePoint) => JacobianPoint.fromAffine(p).addAffine(q.x, q.y).toAffine();

    it('dbl, jadd and madd agree with the BigInt formulas', () => {
      for (let i = 0; i < 20; i++) {
        const p = randomPoint();
        const q = randomPoint();
        load(Q, p);
        load(R2, q);
        module.jadd(Q, R2, R2 + 32, R2 + 64);
        expect(affine(Q)).toEqual(expectedSum(p, q));
        load(Q, p);
        module.madd(Q, R2, R2 + 32);
        expect(affine(Q)).toEqual(expectedSum(p, q));
        load(Q, p);
        module.dbl(Q);
        expect(affine(Q)).toEqual(JacobianPoint.fromAffine(p).double().toAffine());
      }
    });

    it('P + P doubles and P + (-P) is the point at infinity, in both additions', () => {
      const p = randomPoint();
      const doubled = JacobianPoint.fromAffine(p).double().toAffine();
      for (const add of [() => module.jadd(Q, R2, R2 + 32, R2 + 64), () => module.madd(Q, R2, R2 + 32)]) {
        load(Q, p);
        load(R2, p);
        add();
        expect(affine(Q)).toEqual(doubled);
      }
      for (const add of [() => module.jadd(Q, R2, R2 + 96, R2 + 64), () => module.madd(Q, R2, R2 + 96)]) {
        load(Q, p);
        load(R2, p);
        add();
        expect(readMontgomery(memory, Q + 64)).toBe(0n);
      }
    });
  });

  it('the committed module is what the generator produces', () => {
    const generator = join(__dirname, '..', '..', '..', 'tools', 'sm2-field-wasm', 'generate.mjs');
    expect(() => execFileSync(process.execPath, [generator, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
