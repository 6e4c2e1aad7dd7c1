/**
 * The one bounded cache: a least-recently-used map. Map keeps insertion order, so a hit is re-inserted
 * at the end and the first key is the eviction victim. Bounded so that attacker-chosen keys cannot
 * grow memory: by entries (each weighs 1), or by a `weigh` of each value (bytes, for decoded images).
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  private weight = 0;

  constructor(
    private capacity: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {
    LruMap.checkCapacity(capacity);
  }

  get size(): number {
    return this.map.size;
  }

  /** The summed weight of the entries (their number without `weigh`). */
  get totalWeight(): number {
    return this.weight;
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

  keys(): IterableIterator<K> {
    return this.map.keys();
  }

  set(key: K, value: V): void {
    this.delete(key);
    this.map.set(key, value);
    this.weight += this.weigh(value);
    this.evict();
  }

  delete(key: K): boolean {
    const value = this.map.get(key);
    if (value === undefined && !this.map.has(key)) return false;
    this.weight -= this.weigh(value as V);
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.weight = 0;
  }

  resize(capacity: number): void {
    LruMap.checkCapacity(capacity);
    this.capacity = capacity;
    this.evict();
  }

  private evict(): void {
    while (this.weight > this.capacity && this.map.size > 0) this.delete(this.map.keys().next().value as K);
  }

  private static checkCapacity(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('LRU capacity must be a non-negative integer');
  }
}
