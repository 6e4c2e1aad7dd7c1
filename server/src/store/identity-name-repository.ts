import type { Model } from 'mongoose';
import { insertOnce } from './ferretdb';
import type { IdentityNameDoc } from './identity-name.model';

/** The `identity_names` collection: the name each resident ID number was first registered under, as keyed hashes. */
export interface IdentityNameRepository {
  /** Claims the name for the ID number; false when the number already has a name (a unique `_id` insert). */
  claim(idNumberHash: string, nameHash: string): Promise<boolean>;
  /** The name hash the ID number was first registered under, if any. */
  nameHashOf(idNumberHash: string): Promise<string | undefined>;
}

export function identityNameRepository(names: Model<IdentityNameDoc>): IdentityNameRepository {
  return {
    claim: async (idNumberHash, nameHash) => (await insertOnce(names, { _id: idNumberHash, nameHash })) !== undefined,
    nameHashOf: async (idNumberHash) => (await names.findById(idNumberHash).lean<IdentityNameDoc>().exec())?.nameHash,
  };
}
