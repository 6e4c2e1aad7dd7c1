import type { Model } from 'mongoose';
import { findByIdRaw } from './ferretdb';
import type { SealKeyDoc } from './seal-key.model';

export type NewSealKey = Omit<SealKeyDoc, 'createdAt' | 'updatedAt'>;

/** The `seal_keys` collection: each seal's private key, wrapped under its custodian's PIN. */
export interface SealKeyRepository {
  store(key: NewSealKey): Promise<void>;
  byId(keyId: string): Promise<SealKeyDoc | null>;
  /** The wrapped key and its one-time-PIN flag, by `_id` straight through the driver (the signing path's read). */
  wrappedOf(keyId: string): Promise<Pick<SealKeyDoc, 'wrapped' | 'initialPin'> | null>;
  /** Deletes a key blob that must not outlive a PIN change or a handover. */
  remove(keyId: string): Promise<void>;
}

export function sealKeyRepository(sealKeys: Model<SealKeyDoc>): SealKeyRepository {
  return {
    async store(key) {
      await sealKeys.create(key);
    },
    byId: (keyId) => sealKeys.findById(keyId).lean<SealKeyDoc>().exec(),
    wrappedOf: (keyId) => findByIdRaw(sealKeys, keyId, { wrapped: 1, initialPin: 1 }),
    async remove(keyId) {
      await sealKeys.deleteOne({ _id: keyId }).exec();
    },
  };
}
