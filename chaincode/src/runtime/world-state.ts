import { compareKeys, lowerBound, sortKeys } from './key-order';
import { keySpaceOf } from './composite-key';

/** A committed state change: a value, or null for a delete. */
export interface WriteSetEntry {
  key: string;
  value: Uint8Array | null;
}

export interface TxTimestamp {
  seconds: number;
  nanos: number;
}

export interface HistoryRecord {
  txId: string;
  timestamp: TxTimestamp;
  isDelete: boolean;
  value: Uint8Array;
}

export interface StateEntry {
  key: string;
  value: Uint8Array;
}

/** Committed world state and per-key history. Transactions read it; only commits change it. */
export interface ReadableWorldState {
  get(key: string): Uint8Array | undefined;
  /** Keys in [startKey, endKey) in LevelDB order; endKey '' means no upper bound within the key space. */
  range(startKey: string, endKey: string, limit?: number): StateEntry[];
  /** Newest first, as Fabric returns history since 2.0. */
  history(key: string): HistoryRecord[];
}

interface KeySpace {
  values: Map<string, Uint8Array>;
  /** Built on the first range query, then kept sorted on insert; spaces never scanned never pay for it. */
  sorted: string[] | null;
}

/**
 * In-memory world state and history, the same shape as a peer's LevelDB state and history databases.
 * Keys are grouped by key space so a range scan over one index does not sort every signature key.
 */
export class WorldState implements ReadableWorldState {
  private readonly spaces = new Map<string, KeySpace>();
  private readonly histories = new Map<string, HistoryRecord[]>();
  private keyCount = 0;

  get size(): number {
    return this.keyCount;
  }

  get(key: string): Uint8Array | undefined {
    return this.spaces.get(keySpaceOf(key))?.values.get(key);
  }

  range(startKey: string, endKey: string, limit = Number.POSITIVE_INFINITY): StateEntry[] {
    const spaceName = keySpaceOf(startKey);
    // Fabric's own APIs never span key spaces (partial composite scans stay in one object type, simple-key
    // ranges skip composite keys), so a range that would is a misuse rather than something to emulate.
    if (endKey === '' ? spaceName !== '' : keySpaceOf(endKey) !== spaceName) {
      throw new Error('range queries across composite key spaces are not supported by the embedded state');
    }
    const space = this.spaces.get(spaceName);
    if (space === undefined) return [];
    const sorted = this.sortedKeys(space);
    const out: StateEntry[] = [];
    for (let i = lowerBound(sorted, startKey); i < sorted.length && out.length < limit; i++) {
      const key = sorted[i]!;
      if (endKey !== '' && compareKeys(key, endKey) >= 0) break;
      out.push({ key, value: space.values.get(key)! });
    }
    return out;
  }

  history(key: string): HistoryRecord[] {
    return [...(this.histories.get(key) ?? [])].reverse();
  }

  /** Applies one transaction's write set atomically (no await inside, so readers never see half of it). */
  apply(writes: readonly WriteSetEntry[], txId: string, timestamp: TxTimestamp): void {
    for (const { key, value } of writes) {
      const space = this.spaceFor(key);
      const existed = space.values.has(key);
      if (value === null) {
        if (existed) this.remove(space, key);
      } else {
        space.values.set(key, value);
        if (!existed) this.insertSorted(space, key);
      }
      const history = this.histories.get(key) ?? [];
      history.push({ txId, timestamp, isDelete: value === null, value: value ?? new Uint8Array(0) });
      this.histories.set(key, history);
    }
  }

  private spaceFor(key: string): KeySpace {
    const name = keySpaceOf(key);
    let space = this.spaces.get(name);
    if (space === undefined) {
      space = { values: new Map(), sorted: null };
      this.spaces.set(name, space);
    }
    return space;
  }

  private sortedKeys(space: KeySpace): string[] {
    if (space.sorted === null) space.sorted = sortKeys([...space.values.keys()]);
    return space.sorted;
  }

  private insertSorted(space: KeySpace, key: string): void {
    this.keyCount++;
    if (space.sorted !== null) space.sorted.splice(lowerBound(space.sorted, key), 0, key);
  }

  private remove(space: KeySpace, key: string): void {
    space.values.delete(key);
    this.keyCount--;
    if (space.sorted !== null) space.sorted.splice(lowerBound(space.sorted, key), 1);
  }
}
