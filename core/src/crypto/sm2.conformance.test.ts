import { sm2 as ref, sm3 as refSm3 } from 'sm-crypto';
import { bytesToBigInt } from './sm2-curve';
import { Sm2PrivateKey } from './sm2-keys';
import { sm2Digest, sm2Verify, sm2VerifyDigest, sm2Za } from './sm2';
import { decodeSm2Signature } from './sm2-signature-der';
import { signDigestWithNonce } from './sm2-sign-nonce';
import { verifyReference } from './sm2-verify-reference';
import { buildCombTable } from './sm2-comb';
import { PUBLIC_KEY_SHAPE, verifyWithComb } from './sm2-verify-comb';
import { verifyWithWnaf } from './sm2-wasm-verify';

// GB/T 32918.2-2016 / GM/T 0003.5 annex: signature example on the recommended curve.
const D = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
const XA = '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020';
const YA = 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
const K = 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n;
const R = 0xf5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3n;
// The standard prints s ending ...85BBC1AA. (A copy circulating with ...85BBE1AA is a typo: that value
// fails verification in sm-crypto too, while (1 + d)^-1 (k - r d) mod n gives ...BBC1AA.)
const S = 0xb1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aan;
const MESSAGE = new Uint8Array(Buffer.from('message digest', 'ascii'));

describe('SM2 signature example of the standard', () => {
  const key = Sm2PrivateKey.fromBytes(new Uint8Array(Buffer.from(D, 'hex')));

  test('the public key is the one printed in the standard', () => {
    expect(key.publicKey.x.toString(16).padStart(64, '0')).toBe(XA);
    expect(key.publicKey.y.toString(16).padStart(64, '0')).toBe(YA);
  });

  test('Z_A is SM3 of ENTL || ID || a || b || G || P, hashed by sm-crypto as well', () => {
    const curve =
      'fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc' +
      '28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93' +
      '32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7' +
      'bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0';
    const input = Buffer.from('0080' + Buffer.from('1234567812345678').toString('hex') + curve + XA + YA, 'hex');
    expect(Buffer.from(sm2Za(key.publicKey)).toString('hex')).toBe(refSm3(Array.from(input) as never));
  });

  test('sm-crypto accepts the standard (r, s) and rejects the mistyped s', () => {
    const pubHex = Buffer.from(key.publicKey.point).toString('hex');
    const raw = (s: bigint) => R.toString(16) + s.toString(16).padStart(64, '0');
    const opts = { hash: true } as never;
    expect(ref.doVerifySignature(Array.from(MESSAGE) as never, raw(S), pubHex, opts)).toBe(true);
    expect(ref.doVerifySignature(Array.from(MESSAGE) as never, raw(S + 0x2000n), pubHex, opts)).toBe(false);
  });

  test('with the fixed nonce k the signature is exactly (r, s) of the standard', () => {
    const e = bytesToBigInt(sm2Digest(key.publicKey, MESSAGE));
    const der = signDigestWithNonce(key, e, K);
    expect(der).not.toBeNull();
    expect(decodeSm2Signature(der!)).toEqual({ r: R, s: S });
  });

  test('the standard signature verifies with every path and with sm-crypto', () => {
    const e = bytesToBigInt(sm2Digest(key.publicKey, MESSAGE));
    expect(verifyReference(key.publicKey, e, R, S)).toBe(true);
    expect(verifyWithWnaf(key.publicKey, e, R, S)).toBe(true);
    expect(verifyWithComb(buildCombTable(key.publicKey, PUBLIC_KEY_SHAPE), e, R, S)).toBe(true);
    const der = signDigestWithNonce(key, e, K)!;
    expect(sm2Verify(key.publicKey, MESSAGE, der)).toBe(true);
    expect(sm2VerifyDigest(key.publicKey, sm2Digest(key.publicKey, MESSAGE), der)).toBe(true);
    const pubHex = Buffer.from(key.publicKey.point).toString('hex');
    expect(
      ref.doVerifySignature(Array.from(MESSAGE) as never, Buffer.from(der).toString('hex'), pubHex, { der: true, hash: true } as never),
    ).toBe(true);
  });

  test('a nonce outside [1, n-1] is refused, not used', () => {
    expect(signDigestWithNonce(key, 1n, 0n)).toBeNull();
    expect(signDigestWithNonce(key, 1n, 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n)).toBeNull();
  });
});
