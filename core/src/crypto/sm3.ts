import { createHash } from 'node:crypto';

/** SM3 (GB/T 32905) through node's native implementation: standard and fast. */
export function sm3(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sm3');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** SM3 as 64 lowercase hex characters: how documents, seal data and records are named in the store and on the ledger. */
export function sm3Hex(data: Uint8Array | string): string {
  return createHash('sm3').update(data).digest('hex');
}

/** Incremental SM3 for streams and large documents. */
export function createSm3() {
  return createHash('sm3');
}
