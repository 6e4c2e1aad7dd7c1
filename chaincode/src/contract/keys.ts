import type { Context } from 'fabric-contract-api';

/**
 * World-state keys. Composite keys keep each record type in its own key space and let the unit index be
 * range-scanned on LevelDB (no CouchDB rich queries needed).
 */
export const KEY_TYPES = { seal: 'seal', unitIndex: 'unit~seal', signature: 'sig', batch: 'batch' } as const;

export const sealKey = (ctx: Context, sealId: string) => ctx.stub.createCompositeKey(KEY_TYPES.seal, [sealId]);
export const unitIndexKey = (ctx: Context, unitId: string, sealId: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.unitIndex, [unitId, sealId]);
export const signatureKey = (ctx: Context, signatureSm3: string) => ctx.stub.createCompositeKey(KEY_TYPES.signature, [signatureSm3]);
export const batchKey = (ctx: Context, batchId: string) => ctx.stub.createCompositeKey(KEY_TYPES.batch, [batchId]);

/** Index entries carry no data: the key is the information. Fabric cannot store an empty value. */
export const INDEX_VALUE = Uint8Array.of(0);
