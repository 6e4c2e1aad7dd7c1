import { Sm2PrivateKey } from '@eseal/core';
import { UnlockedKeyCache } from './unlocked-keys';

describe('UnlockedKeyCache', () => {
  const key = Sm2PrivateKey.generate();
  const blob = new Uint8Array([1, 2, 3]);

  it('finds a key only for the same seal, wrapped blob and PIN', () => {
    const cache = new UnlockedKeyCache(60_000);
    cache.put('seal_a', blob, '123456', key);
    expect(cache.get('seal_a', blob, '123456')).toBe(key);
    expect(cache.get('seal_a', blob, '654321')).toBeUndefined();
    expect(cache.get('seal_b', blob, '123456')).toBeUndefined();
    expect(cache.get('seal_a', new Uint8Array([1, 2, 4]), '123456')).toBeUndefined(); // re-wrapped after a PIN change
  });

  it('expires entries, forgets a seal, evicts the oldest at capacity, and can be disabled', () => {
    let now = 0;
    const cache = new UnlockedKeyCache(1000, 2, () => now);
    cache.put('seal_a', blob, '1', key);
    now = 1001;
    expect(cache.get('seal_a', blob, '1')).toBeUndefined();
    cache.put('seal_a', blob, '1', key);
    cache.put('seal_b', blob, '1', key);
    cache.put('seal_c', blob, '1', key);
    expect(cache.get('seal_a', blob, '1')).toBeUndefined();
    expect(cache.get('seal_c', blob, '1')).toBe(key);
    cache.forgetSeal('seal_c');
    expect(cache.get('seal_c', blob, '1')).toBeUndefined();
    const off = new UnlockedKeyCache(0);
    off.put('seal_a', blob, '1', key);
    expect(off.get('seal_a', blob, '1')).toBeUndefined();
  });
});
