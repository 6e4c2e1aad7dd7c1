import { CombTable, buildCombTable } from './sm2-comb';
import { Sm2PublicKey } from './sm2-keys';
import { LruMap } from '../cache/lru-map';
import { PUBLIC_KEY_SHAPE, useGeneratorTable } from './sm2-verify-comb';

/**
 * Per-public-key comb tables for verification. Seal keys repeat (every document stamped with a seal
 * is verified against that seal's key), so a table (510 points, ~57 KB of heap, ~5 ms of CPU to build) pays for
 * itself after a couple of verifications. A key gets a table on its second sighting: one-off keys
 * keep the table-free path (about 2.5x slower) and do not evict the hot ones. Both maps are bounded.
 */
export interface Sm2VerifyCacheOptions {
  /** Public keys whose tables are kept (default 256, about 15 MB). 0 disables the tables. */
  maxKeys?: number;
  /**
   * The generator's table: 'large' (default; ~25 ms to build once, fastest per verification) for
   * servers, 'small' for a process that verifies a few signatures and exits.
   */
  generatorTable?: 'large' | 'small';
}

const DEFAULT_MAX_KEYS = 256;
const tables = new LruMap<string, CombTable>(DEFAULT_MAX_KEYS);
const seenOnce = new LruMap<string, true>(DEFAULT_MAX_KEYS * 4);
let keyTablesOn = true;

export function configureSm2VerifyCache(options: Sm2VerifyCacheOptions): void {
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  tables.resize(maxKeys);
  seenOnce.resize(maxKeys * 4);
  keyTablesOn = maxKeys > 0;
  useGeneratorTable(options.generatorTable ?? 'large');
}

export function clearSm2VerifyCache(): void {
  tables.clear();
  seenOnce.clear();
}

/** Current table count, for metrics and tests. */
export function sm2VerifyCacheSize(): number {
  return tables.size;
}

/** The key's comb table, or undefined when the key is new (the caller then verifies without one). */
export function combTableFor(key: Sm2PublicKey): CombTable | undefined {
  if (!keyTablesOn) return undefined;
  const id = Buffer.from(key.point).toString('latin1');
  const cached = tables.get(id);
  if (cached) return cached;
  if (!seenOnce.has(id)) {
    seenOnce.set(id, true);
    return undefined;
  }
  seenOnce.delete(id);
  const table = buildCombTable({ x: key.x, y: key.y }, PUBLIC_KEY_SHAPE);
  tables.set(id, table);
  return table;
}
