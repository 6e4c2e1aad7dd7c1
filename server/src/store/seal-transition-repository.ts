import type { Model } from 'mongoose';
import { insertOnce } from './ferretdb';
import type { SealTransitionDoc } from './seal-transition.model';

export type NewSealTransition = Omit<SealTransitionDoc, 'applied'>;

/**
 * The `seal_transitions` collection: the claim `{sealId}#{revision}` of each seal move, the
 * compare-and-set of commitTransition (a unique `_id` insert: FerretDB v1 has no atomic filtered
 * update), carrying the move until it is applied so a crash in between can be rolled forward.
 */
export interface SealTransitionRepository {
  /** Claims the move from this revision: false when another move claimed it first. */
  claim(transition: NewSealTransition): Promise<boolean>;
  byId(claimId: string): Promise<SealTransitionDoc | null>;
  /** The move reached the seal and the audit log: the claim keeps only that it was applied. */
  markApplied(claimId: string): Promise<void>;
  /** Voids a claim whose move the seal refused, so the seal is not stuck. */
  release(claimId: string): Promise<void>;
}

export function sealTransitionRepository(transitions: Model<SealTransitionDoc>): SealTransitionRepository {
  return {
    claim: async (transition) => (await insertOnce(transitions, { ...transition, applied: false })) !== undefined,
    byId: (claimId) => transitions.findById(claimId).lean<SealTransitionDoc>().exec(),
    async markApplied(claimId) {
      await transitions.updateOne({ _id: claimId }, { $set: { applied: true }, $unset: { set: 1 } }).exec();
    },
    async release(claimId) {
      await transitions.deleteOne({ _id: claimId }).exec();
    },
  };
}
