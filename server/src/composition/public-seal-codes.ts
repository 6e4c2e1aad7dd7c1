import type { Model } from 'mongoose';
import type { SealDoc } from '../store';
import type { PublicSealCodes } from '../usecases/evidence';

/** A document names at most a few seals: one `_id` lookup for all of them, only the code field read. */
export function publicSealCodes(seals: Model<SealDoc>): PublicSealCodes {
  return {
    async codesOf(esIDs) {
      const found = await seals.find({ _id: { $in: [...esIDs] } }, { sealCode: 1 }).lean();
      return new Map(found.map((seal) => [String(seal._id), seal.sealCode]));
    },
  };
}
