/**
 * A small least-recently-used map: Map keeps insertion order, so a hit is re-inserted at the end
 * and the first key is the eviction victim. Bounded so that attacker-chosen keys cannot grow memory.
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private capacity: number) {
    LruMap.checkCapacity(capacity);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    this.evict();
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  resize(capacity: number): void {
    LruMap.checkCapacity(capacity);
    this.capacity = capacity;
    this.evict();
  }

  private evict(): void {
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as K;
      this.map.delete(oldest);
    }
  }

  private static checkCapacity(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('LRU capacity must be a non-negative integer');
  }
}
