import { createHmac, randomBytes } from 'node:crypto';
import { SealError } from '@eseal/core';
import { lookupHash } from './keyed-hash';

const key = Buffer.alloc(32, 7);

describe('keyed lookup hash (HMAC-SM3)', () => {
  it('is HMAC-SM3 over domain, NUL and the normalised value', () => {
    const expected = createHmac('sm3', key).update('resident-id\u000011010519491231002X').digest('hex');
    expect(lookupHash(key, 'resident-id', ' 11010519491231002x ')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hash for the same phone written differently', () => {
    expect(lookupHash(key, 'phone', '+86 138-1234-5678')).toBe(lookupHash(key, 'phone', '13812345678'));
  });

  it('separates domains and keys', () => {
    expect(lookupHash(key, 'phone', '13812345678')).not.toBe(lookupHash(key, 'email', '13812345678'));
    expect(lookupHash(key, 'phone', '13812345678')).not.toBe(lookupHash(randomBytes(32), 'phone', '13812345678'));
  });

  it('refuses a short key with CONFIG_INVALID', () => {
    expect(() => lookupHash(Buffer.alloc(16), 'phone', '13812345678')).toThrow(SealError);
    try {
      lookupHash(Buffer.alloc(16), 'phone', '13812345678');
    } catch (error) {
      expect((error as SealError).code).toBe('CONFIG_INVALID');
    }
  });
});
