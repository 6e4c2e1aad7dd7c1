import { SealError } from '../errors';
import { SM2_N } from './sm2-curve';
import { Sm2KeyError, Sm2PrivateKey, Sm2PublicKey } from './sm2-keys';

test('keys round-trip through SEC1 DER, SPKI DER and coordinates', () => {
  const key = Sm2PrivateKey.generate();
  expect(Sm2PrivateKey.fromDer(key.toSec1Der()).d).toBe(key.d);
  expect(Sm2PublicKey.fromSpkiDer(key.publicKey.toSpkiDer()).equals(key.publicKey)).toBe(true);
  expect(Sm2PublicKey.fromCoordinates(key.publicKey.x, key.publicKey.y).equals(key.publicKey)).toBe(true);
  expect(key.toPem()).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
});

test('invalid keys are KEY_INVALID SealErrors', () => {
  const bad = [
    () => Sm2PrivateKey.fromBytes(new Uint8Array(32)),
    () => Sm2PrivateKey.fromBytes(new Uint8Array(Buffer.from((SM2_N - 1n).toString(16), 'hex'))),
    () => Sm2PrivateKey.fromBytes(new Uint8Array(31).fill(1)),
    () => Sm2PrivateKey.fromDer(new Uint8Array(10)),
    () => Sm2PublicKey.fromPoint(new Uint8Array(65).fill(4)),
    () => Sm2PublicKey.fromCoordinates(1n, 1n),
    () => Sm2PublicKey.fromSpkiDer(new Uint8Array(91)),
  ];
  for (const fn of bad) {
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Sm2KeyError);
    expect(caught).toBeInstanceOf(SealError);
    expect((caught as SealError).code).toBe('KEY_INVALID');
  }
});
