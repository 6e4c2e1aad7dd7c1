import { LruMap } from './lru-map';

test('LruMap evicts the least recently used entry and honours resize', () => {
  const lru = new LruMap<string, number>(2);
  lru.set('a', 1);
  lru.set('b', 2);
  expect(lru.get('a')).toBe(1); // a is now the most recent
  lru.set('c', 3);
  expect(lru.has('b')).toBe(false);
  expect([lru.get('a'), lru.get('c'), lru.size]).toEqual([1, 3, 2]);
  lru.resize(1);
  expect([lru.has('a'), lru.has('c')]).toEqual([false, true]);
  expect(() => new LruMap(-1)).toThrow(RangeError);
});

test('LruMap bounded by weight evicts the least recently used until the values fit', () => {
  const lru = new LruMap<string, Uint8Array>(10, (bytes) => bytes.byteLength);
  lru.set('a', new Uint8Array(4));
  lru.set('b', new Uint8Array(4));
  lru.get('a');
  lru.set('c', new Uint8Array(4));
  expect([lru.has('a'), lru.has('b'), lru.has('c'), lru.totalWeight]).toEqual([true, false, true, 8]);
  lru.set('c', new Uint8Array(2));
  expect(lru.totalWeight).toBe(6);
  lru.delete('a');
  expect([lru.size, lru.totalWeight]).toEqual([1, 2]);
});
