import { LruMap } from './lru';

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
