import type { Context } from 'fabric-contract-api';

/**
 * World-state keys. Composite keys keep each record type in its own key space and let the unit index be
 * range-scanned on LevelDB (no CouchDB rich queries needed).
 */
export const KEY_TYPES = { seal: 'seal', unitIndex: 'unit~seal', signature: 'sig', batch: 'batch', batchEntries: 'batch~entries' } as const;

export const sealKey = (ctx: Context, sealId: string) => ctx.stub.createCompositeKey(KEY_TYPES.seal, [sealId]);
export const unitIndexKey = (ctx: Context, unitId: string, sealId: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.unitIndex, [unitId, sealId]);
/** Written only by contracts before batches kept their entries under one key; still read for those batches. */
export const legacySignatureKey = (ctx: Context, signatureSm3: string) => ctx.stub.createCompositeKey(KEY_TYPES.signature, [signatureSm3]);
export const batchKey = (ctx: Context, batchId: string) => ctx.stub.createCompositeKey(KEY_TYPES.batch, [batchId]);
/** A batch's entries as one value (canonical JSON, whose SM3 is the batch record's entriesSm3). */
export const batchEntriesKey = (ctx: Context, batchId: string) => ctx.stub.createCompositeKey(KEY_TYPES.batchEntries, [batchId]);

/** Index entries carry no data: the key is the information. Fabric cannot store an empty value. */
export const INDEX_VALUE = Uint8Array.of(0);
