import type { Model } from 'mongoose';
import { insertedFirst } from './ferretdb';
import type { SealCodeDoc } from './seal-code.model';

/**
 * Seal codes (`seal_codes`): a GB/T 38540 esID, the ledger's key for a seal, belongs to one seal. The
 * claim is the unique insert of the code as `_id` (FerretDB v1 has no atomic conditional write), so
 * repeating a claim is harmless and a retried make or submission may claim again.
 */
export interface SealCodeRepository {
  /** True when the code is now (or already was) this seal's, false when another seal holds it. */
  claim(code: string, sealId: string): Promise<boolean>;
  /** Gives the code back (a rejected application never reached the ledger); only the seal that holds it can. */
  release(code: string, sealId: string): Promise<void>;
  /**
   * Our seal id for a ledger seal key: the seal holding that code, or the key itself for seals made
   * before esID was the code (their esID and ledger key are the internal id).
   */
  sealIdFor(esId: string): Promise<string>;
}

export function sealCodeRepository(codes: Model<SealCodeDoc>): SealCodeRepository {
  return {
    async claim(code, sealId) {
      if (await insertedFirst(() => codes.create({ _id: code, sealId }))) return true;
      const holder = await codes.findById(code).lean<SealCodeDoc>();
      return holder?.sealId === sealId;
    },
    async release(code, sealId) {
      await codes.deleteOne({ _id: code, sealId });
    },
    async sealIdFor(esId) {
      const claim = await codes.findById(esId).lean<SealCodeDoc>();
      return claim?.sealId ?? esId;
    },
  };
}
