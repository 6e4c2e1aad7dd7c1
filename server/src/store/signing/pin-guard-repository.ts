import type { Model } from 'mongoose';
import { findByIdRaw, insertedFirst, isDuplicateKeyError } from '../ferretdb';
import { SharedReads } from '../shared-reads';
import { releaseClaim, takeClaim } from './claims';
import type { PinFailureDoc } from './pin-failure.model';
import type { PinGuardDoc } from './pin-guard.model';
import type { SigningClaimDoc } from './signing-claim.model';

/** A seal's PIN guard (null when it never had a wrong PIN) and the failures counted in its current epoch. */
export interface PinState {
  guard: PinGuardDoc | null;
  failures: number;
}

/**
 * PIN state of the seals (`seal_pin_guards`) and their numbered wrong PINs (`seal_pin_failures`).
 * FerretDB v1 applies no `$inc` atomically, so an attempt is counted by the unique insert of its
 * number (`_id` = sealId:epoch:n): concurrent guesses get distinct numbers. The rules of counting and
 * locking are the use case's (usecases/signing/pin-guard.ts); this repository only keeps the state.
 */
export interface PinGuardRepository {
  /**
   * The guard, and when there is one, its epoch's failures: one `_id` read on the common path.
   * Concurrent calls for one seal share a read that started after each of them (SharedReads): frozen.
   */
  state(sealId: string): Promise<PinState>;
  /** Whether the seal is locked now (one `_id` read). */
  isLocked(sealId: string): Promise<boolean>;
  /** Inserts the first free attempt number in [from, limit] of the epoch; undefined when every one is taken. */
  reserveAttempt(sealId: string, epoch: number, from: number, limit: number, at: Date): Promise<number | undefined>;
  /** Takes back a reserved attempt: the PIN was right. */
  forgiveAttempt(sealId: string, epoch: number, n: number): Promise<void>;
  /** Starts counting anew in `epoch` (two concurrent writers write the same value). */
  startEpoch(sealId: string, epoch: number): Promise<void>;
  /** Creates the guard at epoch 0 unless it exists (concurrent first failures may race to create it). */
  ensureGuard(sealId: string): Promise<void>;
  /** Locks the seal, creating its guard if needed. */
  lock(sealId: string, at: Date): Promise<void>;
  /** Lifts the lock and starts a new epoch: the epoch now counting. */
  unlock(sealId: string): Promise<number>;

  /** Claims the one replacement of a key document (`key-replace:<keyId>` in `signing_claims`); false when another request holds it. */
  claimKeyReplacement(keyId: string, holder: string, at: Date): Promise<boolean>;
  /** Gives the claim back (nothing was replaced), only if `holder` holds it. */
  releaseKeyReplacement(keyId: string, holder: string): Promise<void>;
}

const keyReplacementClaim = (keyId: string) => `key-replace:${keyId}`;

export function pinGuardRepository(
  guards: Model<PinGuardDoc>,
  failures: Model<PinFailureDoc>,
  claims: Model<SigningClaimDoc>,
): PinGuardRepository {
  const attemptId = (sealId: string, epoch: number, n: number) => `${sealId}:${epoch}:${n}`;
  // Concurrent signings with one seal share a read of its state that started after each of them.
  const sharedReads = new SharedReads();
  return {
    state(sealId) {
      return sharedReads.read(sealId, async () => {
        // Through the driver: the same lean document, without mongoose's query layer on every signing.
        const guard = await findByIdRaw<PinGuardDoc>(guards, sealId);
        // A seal that never had a wrong PIN has no guard document: one read on the common path.
        const count = guard ? await failures.countDocuments({ sealId, epoch: guard.epoch }) : 0;
        return { guard, failures: count };
      });
    },
    async isLocked(sealId) {
      return Boolean((await findByIdRaw<PinGuardDoc>(guards, sealId))?.lockedAt);
    },
    async reserveAttempt(sealId, epoch, from, limit, at) {
      for (let n = from; n <= limit; n++) {
        if (await insertedFirst(() => failures.create({ _id: attemptId(sealId, epoch, n), sealId, epoch, n, at }))) return n;
      }
      return undefined;
    },
    async forgiveAttempt(sealId, epoch, n) {
      await failures.deleteOne({ _id: attemptId(sealId, epoch, n) });
    },
    async startEpoch(sealId, epoch) {
      await guards.updateOne({ _id: sealId }, { $set: { epoch } }, { upsert: true });
    },
    async ensureGuard(sealId) {
      try {
        await guards.updateOne({ _id: sealId }, { $setOnInsert: { epoch: 0 } }, { upsert: true });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    },
    async lock(sealId, at) {
      const set = { $set: { lockedAt: at } };
      try {
        await guards.updateOne({ _id: sealId }, set, { upsert: true });
      } catch (error) {
        // Another guess created the guard at the same moment: it exists now, lock it.
        if (!isDuplicateKeyError(error)) throw error;
        await guards.updateOne({ _id: sealId }, set);
      }
    },
    async unlock(sealId) {
      const guard = await guards.findById(sealId).lean();
      const epoch = (guard?.epoch ?? 0) + 1;
      await guards.updateOne({ _id: sealId }, { $set: { epoch }, $unset: { lockedAt: 1 } }, { upsert: true });
      return epoch;
    },
    claimKeyReplacement: (keyId, holder, at) => takeClaim(claims, keyReplacementClaim(keyId), holder, at),
    releaseKeyReplacement: (keyId, holder) => releaseClaim(claims, keyReplacementClaim(keyId), holder),
  };
}
