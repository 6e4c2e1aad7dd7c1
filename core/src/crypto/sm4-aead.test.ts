import { createCipheriv, randomBytes } from 'node:crypto';
import { SealError } from '../errors';
import { sm4Ctr } from './sm4';
import { SM4_AEAD_OVERHEAD, sm4AeadDecrypt, sm4AeadEncrypt } from './sm4-aead';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof SealError ? e.code : `not a SealError: ${String(e)}`;
  }
  return undefined;
};

describe('SM4', () => {
  test('GB/T 32907 example: one block encrypts to 681edf34d206965e86b3e94f536e4246', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const ecb = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(ecb.update(key).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    // CTR with counter block c over one block is the block cipher of c XOR data.
    const counter = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    expect(Buffer.from(sm4Ctr(key, counter, new Uint8Array(16))).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  test('CTR round-trips any length and rejects bad key or counter sizes', () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    for (const n of [0, 1, 15, 16, 17, 1000]) {
      const data = randomBytes(n);
      expect(Buffer.from(sm4Ctr(key, iv, sm4Ctr(key, iv, data))).equals(data)).toBe(true);
    }
    expect(code(() => sm4Ctr(randomBytes(15), iv, new Uint8Array(1)))).toBe('VALIDATION_FAILED');
    expect(code(() => sm4Ctr(key, randomBytes(12), new Uint8Array(1)))).toBe('VALIDATION_FAILED');
  });
});

describe('SM4-CTR + HMAC-SM3 authenticated encryption', () => {
  const key = randomBytes(32);
  const aad = new Uint8Array(Buffer.from('person:42'));
  const plaintext = new Uint8Array(Buffer.from('身份证号 120101199001011234'));

  test('round trip, fresh counter per call, fixed overhead', () => {
    const a = sm4AeadEncrypt(key, plaintext, aad);
    const b = sm4AeadEncrypt(key, plaintext, aad);
    expect(a.length).toBe(plaintext.length + SM4_AEAD_OVERHEAD);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(sm4AeadDecrypt(key, a, aad)).toString()).toBe('身份证号 120101199001011234');
    expect(sm4AeadDecrypt(key, sm4AeadEncrypt(key, new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });

  test('the plaintext does not appear in the output', () => {
    const sealed = Buffer.from(sm4AeadEncrypt(key, plaintext, aad));
    expect(sealed.includes(Buffer.from('120101199001011234'))).toBe(false);
  });

  test('every single-bit change, a wrong key and a wrong AAD fail with DECRYPTION_FAILED', () => {
    const sealed = sm4AeadEncrypt(key, plaintext, aad);
    for (let i = 0; i < sealed.length; i++) {
      if (i === 4) continue; // the version byte has its own code, checked below
      const bad = new Uint8Array(sealed);
      bad[i] ^= 0x01 << (i % 8);
      expect(code(() => sm4AeadDecrypt(key, bad, aad))).toBe('DECRYPTION_FAILED');
    }
    expect(code(() => sm4AeadDecrypt(randomBytes(32), sealed, aad))).toBe('DECRYPTION_FAILED');
    expect(code(() => sm4AeadDecrypt(key, sealed, new Uint8Array(Buffer.from('person:43'))))).toBe('DECRYPTION_FAILED');
    expect(code(() => sm4AeadDecrypt(key, sealed))).toBe('DECRYPTION_FAILED');
    expect(code(() => sm4AeadDecrypt(key, sealed.subarray(0, sealed.length - 1), aad))).toBe('DECRYPTION_FAILED');
    expect(code(() => sm4AeadDecrypt(key, randomBytes(10), aad))).toBe('DECRYPTION_FAILED');
  });

  test('an unknown version is reported as such; bad key sizes are input errors', () => {
    const sealed = sm4AeadEncrypt(key, plaintext);
    sealed[4] = 2;
    expect(code(() => sm4AeadDecrypt(key, sealed))).toBe('UNSUPPORTED_VERSION');
    expect(code(() => sm4AeadEncrypt(randomBytes(8), plaintext))).toBe('VALIDATION_FAILED');
  });
});
