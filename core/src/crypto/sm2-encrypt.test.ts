import { randomBytes } from 'node:crypto';
import { sm2 as ref } from 'sm-crypto';
import { SealError } from '../errors';
import { Sm2PrivateKey } from './sm2-keys';
import { sm2Decrypt, sm2Encrypt, sm2Kdf } from './sm2-encrypt';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof SealError ? e.code : `not a SealError: ${String(e)}`;
  }
  return undefined;
};

describe('SM2 encryption (C1 || C3 || C2)', () => {
  const key = Sm2PrivateKey.generate();
  const pubHex = hex(key.publicKey.point);

  test('round trip for several lengths, including empty and multi-block KDF output', () => {
    for (const n of [0, 1, 31, 32, 33, 100]) {
      const msg = randomBytes(n);
      const ct = sm2Encrypt(key.publicKey, msg);
      expect(ct.length).toBe(65 + 32 + n);
      expect(hex(sm2Decrypt(key, ct))).toBe(hex(msg));
    }
  });

  test('sm-crypto decrypts ours and we decrypt sm-crypto (cipherMode 1 = C1C3C2, C1 without 04)', () => {
    for (let i = 0; i < 3; i++) {
      const msg = new Uint8Array(Buffer.from(`个人信息 ${i} personal data`));
      const ours = sm2Encrypt(key.publicKey, msg);
      const plain = ref.doDecrypt(hex(ours).slice(2), hex(key.bytes()), 1, { output: 'array' } as never) as unknown as number[];
      expect(Buffer.from(plain).toString()).toBe(Buffer.from(msg).toString());
      const theirs = ref.doEncrypt(Array.from(msg) as never, pubHex, 1);
      expect(Buffer.from(sm2Decrypt(key, new Uint8Array(Buffer.from('04' + theirs, 'hex')))).toString()).toBe(Buffer.from(msg).toString());
    }
  });

  test('wrong key, changed bytes and garbage fail with DECRYPTION_FAILED', () => {
    const ct = sm2Encrypt(key.publicKey, new Uint8Array(Buffer.from('secret')));
    expect(codeOf(() => sm2Decrypt(Sm2PrivateKey.generate(), ct))).toBe('DECRYPTION_FAILED');
    for (const at of [0, 10, 64, 70, 100, ct.length - 1]) {
      const bad = new Uint8Array(ct);
      bad[at] ^= 1;
      expect([at, codeOf(() => sm2Decrypt(key, bad))]).toEqual([at, 'DECRYPTION_FAILED']);
    }
    expect(codeOf(() => sm2Decrypt(key, ct.subarray(0, 90)))).toBe('DECRYPTION_FAILED');
    expect(codeOf(() => sm2Decrypt(key, randomBytes(120)))).toBe('DECRYPTION_FAILED');
  });

  test('the KDF is SM3 in counter mode starting at 1', () => {
    const z = new Uint8Array(Buffer.from('abc'));
    const first = sm2Kdf(z, 32);
    const two = sm2Kdf(z, 40);
    expect(hex(two.subarray(0, 32))).toBe(hex(first));
    expect(hex(sm2Kdf(z, 5))).toBe(hex(first.subarray(0, 5)));
  });
});
