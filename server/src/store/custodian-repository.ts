import type { Model } from 'mongoose';
import type { CustodianDoc } from './custodian.model';

export type NewCustody = Omit<CustodianDoc, 'createdAt' | 'updatedAt' | 'to'>;

/** The `custodians` collection: who kept which seal from when to when (第二十四条). */
export interface CustodianRepository {
  /** Starts a custody period. */
  open(custody: NewCustody): Promise<void>;
  /** Ends the person's open custody periods of the seal at `at`. */
  close(sealId: string, personId: string, at: Date): Promise<void>;
  /** The people keeping the seal now (custody periods that have not ended). */
  currentPersonIds(sealId: string): Promise<string[]>;
}

export function custodianRepository(custodians: Model<CustodianDoc>): CustodianRepository {
  return {
    async open(custody) {
      await custodians.create(custody);
    },
    async close(sealId, personId, at) {
      await custodians.updateMany({ sealId, personId, to: null }, { $set: { to: at } }).exec();
    },
    async currentPersonIds(sealId) {
      // `to: null` also matches a missing field.
      const current = await custodians.find({ sealId, to: null }, { personId: 1 }).lean<Array<{ personId: string }>>().exec();
      return current.map((c) => c.personId);
    },
  };
}
