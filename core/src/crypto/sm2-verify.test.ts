import { createECDH, randomBytes } from 'node:crypto';
import { SM2_GX, SM2_GY, SM2_N, SM2_P, bytesToBigInt } from './sm2-curve';
import { Sm2PrivateKey } from './sm2-keys';
import { sm2Digest, sm2Sign, sm2Verify, sm2VerifyDigest } from './sm2';
import { decodeSm2Signature, encodeSm2Signature } from './sm2-signature-der';
import { buildCombTable, combMultiply, jointCombMultiply } from './sm2-comb';
import { PUBLIC_KEY_SHAPE, generatorCombTable, verifyWithComb } from './sm2-verify-comb';
import { verifyWithWnaf } from './sm2-wasm-verify';
import { wnaf } from './sm2-wnaf';
import { verifyReference } from './sm2-verify-reference';
import { clearSm2VerifyCache, configureSm2VerifyCache, sm2VerifyCacheSize } from './sm2-key-tables';

const G = { x: SM2_GX, y: SM2_GY };
const randomScalar = () => (bytesToBigInt(randomBytes(32)) % (SM2_N - 1n)) + 1n;

/** k*G through OpenSSL, as an independent reference for the BigInt arithmetic. */
function nativeMulG(k: bigint): { x: bigint; y: bigint } {
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(Buffer.from(k.toString(16).padStart(64, '0'), 'hex'));
  const p = ecdh.getPublicKey();
  return { x: bytesToBigInt(p.subarray(1, 33)), y: bytesToBigInt(p.subarray(33)) };
}

describe('comb arithmetic against OpenSSL', () => {
  test.each([
    ['1', 1n],
    ['2', 2n],
    ['n-1', SM2_N - 1n],
    ['2^255', 1n << 255n],
    ['all ones below n', (1n << 250n) - 1n],
  ])('k*G for k = %s', (_, k) => {
    expect(combMultiply(generatorCombTable(), k).toAffine()).toEqual(nativeMulG(k));
  });

  test('k*G for random k, with the generator shape and the per-key shape', () => {
    const keyShaped = buildCombTable(G, PUBLIC_KEY_SHAPE);
    for (let i = 0; i < 10; i++) {
      const k = randomScalar();
      expect(combMultiply(generatorCombTable(), k).toAffine()).toEqual(nativeMulG(k));
      expect(combMultiply(keyShaped, k).toAffine()).toEqual(nativeMulG(k));
    }
  });

  test('a*G + b*G covers the doubling and infinity cases of the addition', () => {
    const keyShaped = buildCombTable(G, PUBLIC_KEY_SHAPE);
    const a = randomScalar();
    expect(jointCombMultiply(generatorCombTable(), a, keyShaped, a).toAffine()).toEqual(nativeMulG((2n * a) % SM2_N));
    expect(jointCombMultiply(generatorCombTable(), a, keyShaped, SM2_N - a).isInfinity()).toBe(true);
    expect(combMultiply(keyShaped, SM2_N).isInfinity()).toBe(true);
  });
});

test('wNAF digits are odd, bounded and sum back to k', () => {
  for (const k of [1n, 15n, 16n, 17n, SM2_N - 1n, randomScalar()]) {
    const digits = wnaf(k);
    let sum = 0n;
    digits.forEach((d, i) => {
      if (d !== 0) expect([Math.abs(d) % 2, Math.abs(d) < 16]).toEqual([1, true]);
      sum += BigInt(d) << BigInt(i);
    });
    expect(sum).toBe(k);
  }
});

describe('SM2 verification paths agree', () => {
  beforeEach(() => clearSm2VerifyCache());

  test('comb, wNAF and reference paths accept the same valid signatures and reject the same forgeries', () => {
    const key = Sm2PrivateKey.generate();
    const table = buildCombTable(key.publicKey, PUBLIC_KEY_SHAPE);
    for (let i = 0; i < 15; i++) {
      const msg = randomBytes(20);
      const e = bytesToBigInt(sm2Digest(key.publicKey, msg));
      const { r, s } = decodeSm2Signature(sm2Sign(key, msg))!;
      expect(verifyWithComb(table, e, r, s)).toBe(true);
      expect(verifyWithWnaf(key.publicKey, e, r, s)).toBe(true);
      expect(verifyReference(key.publicKey, e, r, s)).toBe(true);
      for (const [e2, r2, s2] of [
        [e + 1n, r, s],
        [e, r, s === 1n ? 2n : s - 1n],
        [e, r === 1n ? 2n : r - 1n, s],
      ]) {
        expect(verifyWithComb(table, e2, r2, s2)).toBe(false);
        expect(verifyWithWnaf(key.publicKey, e2, r2, s2)).toBe(false);
        expect(verifyReference(key.publicKey, e2, r2, s2)).toBe(false);
      }
    }
  });

  test('the projective x check equals comparing the affine x', () => {
    const q = combMultiply(generatorCombTable(), randomScalar());
    const { x } = q.toAffine()!;
    expect(q.hasAffineX(x)).toBe(true);
    expect(q.hasAffineX(x + 1n)).toBe(false);
  });

  test('r + s = n is rejected (t = 0)', () => {
    const key = Sm2PrivateKey.generate();
    const table = buildCombTable(key.publicKey, PUBLIC_KEY_SHAPE);
    expect(verifyWithComb(table, 5n, 7n, SM2_N - 7n)).toBe(false);
    expect(verifyReference(key.publicKey, 5n, 7n, SM2_N - 7n)).toBe(false);
    expect(verifyWithWnaf(key.publicKey, 5n, 7n, SM2_N - 7n)).toBe(false);
  });
});

describe('sm2VerifyDigest', () => {
  const key = Sm2PrivateKey.generate();
  const other = Sm2PrivateKey.generate();
  const msg = new Uint8Array(Buffer.from('合同专用章 / contract seal'));
  const sig = sm2Sign(key, msg);
  const { r, s } = decodeSm2Signature(sig)!;
  const hex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

  test('tampered message, wrong key, wrong user ID, wrong digest length', () => {
    expect(sm2Verify(key.publicKey, msg, sig)).toBe(true);
    expect(sm2Verify(key.publicKey, msg.subarray(1), sig)).toBe(false);
    expect(sm2Verify(other.publicKey, msg, sig)).toBe(false);
    expect(sm2Verify(key.publicKey, msg, sig, { userId: new Uint8Array(Buffer.from('ALICE123@YAHOO.COM')) })).toBe(false);
    expect(sm2VerifyDigest(key.publicKey, new Uint8Array(31), sig)).toBe(false);
  });

  test('malformed DER is rejected', () => {
    const der = Buffer.from(sig).toString('hex');
    const rHex = r.toString(16).padStart(64, '0');
    const sHex = s.toString(16).padStart(64, '0');
    const int = (h: string) => '02' + (h.length / 2).toString(16).padStart(2, '0') + h;
    const seq = (body: string) => '30' + (body.length / 2).toString(16).padStart(2, '0') + body;
    const cases: Record<string, string> = {
      trailing: der + '00',
      truncated: der.slice(0, -2),
      longFormLength: '3081' + der.slice(2),
      nonMinimalR: seq(int('0000' + rHex) + int('00' + sHex)),
      negativeR: seq(int('80' + rHex.slice(2)) + int('00' + sHex)),
      wrongInnerLength: seq('0221' + rHex + int('00' + sHex)),
      octetStringInstead: seq('0420' + rHex + int('00' + sHex)),
      onlyR: seq(int('00' + rHex)),
      rZero: seq(int('00') + int('00' + sHex)),
      sZero: seq(int('00' + rHex) + int('00')),
      rEqualsN: Buffer.from(encodeSm2Signature(SM2_N, s)).toString('hex'),
      highS: Buffer.from(encodeSm2Signature(r, s + SM2_N)).toString('hex'),
      highR: Buffer.from(encodeSm2Signature(r + SM2_N, s)).toString('hex'),
      rBeyondP: Buffer.from(encodeSm2Signature(SM2_P + 1n, s)).toString('hex'),
      empty: '',
    };
    for (const [name, h] of Object.entries(cases)) {
      expect([name, sm2Verify(key.publicKey, msg, hex(h))]).toEqual([name, false]);
    }
    // The raw r || s form (64 bytes, as some devices emit) is not DER either.
    expect(sm2Verify(key.publicKey, msg, hex(r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0')))).toBe(false);
  });

  test('random bytes and random mutations never verify and never throw (cold and warm key)', () => {
    clearSm2VerifyCache();
    for (let i = 0; i < 60; i++) {
      const mutated = Buffer.from(sig);
      const kind = i % 3;
      if (kind === 0) mutated[i % mutated.length] ^= 1 << (i % 8);
      else if (kind === 1) mutated[(i * 7) % mutated.length] = (mutated[(i * 7) % mutated.length] + 1 + i) & 0xff;
      const candidate = kind === 2 ? randomBytes(1 + (i % 80)) : mutated;
      if (Buffer.from(sig).equals(candidate)) continue;
      expect(() => sm2Verify(key.publicKey, msg, new Uint8Array(candidate))).not.toThrow();
      expect(sm2Verify(key.publicKey, msg, new Uint8Array(candidate))).toBe(false);
    }
    expect(sm2VerifyCacheSize()).toBe(1);
  });
});

describe('per-key table cache', () => {
  afterAll(() => configureSm2VerifyCache({}));

  test('a key gets a table on its second sighting; the cache stays bounded', () => {
    clearSm2VerifyCache();
    configureSm2VerifyCache({ maxKeys: 2 });
    const keys = [0, 1, 2].map(() => Sm2PrivateKey.generate());
    const msg = new Uint8Array([1, 2, 3]);
    const sigs = keys.map((k) => sm2Sign(k, msg));
    expect(sm2Verify(keys[0].publicKey, msg, sigs[0])).toBe(true);
    expect(sm2VerifyCacheSize()).toBe(0);
    for (let i = 0; i < 3; i++) {
      expect(sm2Verify(keys[i].publicKey, msg, sigs[i])).toBe(true);
      expect(sm2Verify(keys[i].publicKey, msg, sigs[i])).toBe(true);
    }
    expect(sm2VerifyCacheSize()).toBe(2);
    configureSm2VerifyCache({ maxKeys: 0 });
    expect(sm2VerifyCacheSize()).toBe(0);
    expect(sm2Verify(keys[1].publicKey, msg, sigs[1])).toBe(true);
    expect(sm2Verify(keys[1].publicKey, msg, sigs[1])).toBe(true);
    expect(sm2VerifyCacheSize()).toBe(0);
  });
});

describe('the one-shot configuration (small generator table, no key tables)', () => {
  afterAll(() => configureSm2VerifyCache({}));

  test('accepts and refuses exactly what the default configuration does', () => {
    const keys = [0, 1, 2, 3].map(() => Sm2PrivateKey.generate());
    const cases = keys.flatMap((key, i) => {
      const msg = randomBytes(32 + i);
      const sig = sm2Sign(key, msg);
      const other = new Uint8Array(msg);
      other[0] ^= 1;
      return [
        { key: key.publicKey, msg, sig },
        { key: key.publicKey, msg: other, sig },
        { key: keys[(i + 1) % keys.length]!.publicKey, msg, sig },
      ];
    });
    const outcomes = () => cases.map((c) => [sm2Verify(c.key, c.msg, c.sig), sm2Verify(c.key, c.msg, c.sig)]);
    configureSm2VerifyCache({});
    const byDefault = outcomes();
    configureSm2VerifyCache({ maxKeys: 0, generatorTable: 'small' });
    expect(outcomes()).toEqual(byDefault);
    expect(sm2VerifyCacheSize()).toBe(0);
    expect(byDefault.map(([first]) => first)).toEqual(keys.flatMap(() => [true, false, false]));
  });
});
