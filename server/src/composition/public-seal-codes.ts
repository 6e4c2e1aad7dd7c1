import type { Model } from 'mongoose';
import type { SealDoc } from '../store';
import type { PublicSealCodes } from '../usecases/evidence';

/** The 13-digit seal code (GB/T 38540 esID of every seal made since esID became the code). */
const SEAL_CODE = /^\d{13}$/;

/**
 * The public code of each esID: a seal's esID is its code; seals made before that carry their
 * internal id, looked up by `_id` (a document names at most a few seals, only the code field read).
 */
export function publicSealCodes(seals: Model<SealDoc>): PublicSealCodes {
  return {
    async codesOf(esIDs) {
      const codes = new Map<string, string>();
      const legacy: string[] = [];
      for (const esID of esIDs) {
        if (SEAL_CODE.test(esID)) codes.set(esID, esID);
        else legacy.push(esID);
      }
      if (legacy.length === 0) return codes;
      const found = await seals.find({ _id: { $in: legacy } }, { sealCode: 1 }).lean();
      for (const seal of found) if (seal.sealCode) codes.set(String(seal._id), seal.sealCode);
      return codes;
    },
  };
}
