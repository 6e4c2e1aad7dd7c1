import type { Model } from 'mongoose';
import { insertedFirst } from '../ferretdb';
import { takeClaim } from './claims';
import type { IdempotencyAnswerDoc, IdempotencyDoc } from './idempotency.model';
import type { SigningClaimDoc } from './signing-claim.model';

/** A key as first stored: who and what it is for. */
export type NewIdempotencyKey = Pick<IdempotencyDoc, '_id' | 'requestSm3' | 'requestRef' | 'startedAt'>;

/**
 * Idempotency-Keys (`idempotency_keys`) and their kept answers (`idempotency_answers`). Every write is
 * an insert of a unique `_id` or a delete (FerretDB v1 scans a collection for every update, and applies
 * no filtered update atomically): the key, the answer and the claim of a retry's new attempt each exist
 * once. The rules of replaying are the use case's (usecases/signing/idempotency.ts).
 */
export interface IdempotencyRepository {
  /** Stores a new key; false when the key exists already (another attempt made it). */
  open(key: NewIdempotencyKey): Promise<boolean>;
  byId(keyId: string): Promise<IdempotencyDoc | null>;
  /** Frees the key; with `requestSm3`, only if it was made for that request. */
  free(keyId: string, requestSm3?: string): Promise<void>;
  /** Claims the one new attempt of a key allowed in `period`: false when another retry took it. */
  claimRetry(keyId: string, period: number, now: Date): Promise<boolean>;

  /** Keeps the answer once; false when another attempt's answer is kept already. */
  keepAnswer(answer: IdempotencyAnswerDoc): Promise<boolean>;
  answer(keyId: string): Promise<IdempotencyAnswerDoc | null>;
  hasAnswer(keyId: string): Promise<boolean>;

  /** Deletes keys started and answers kept before `before`: the number of keys deleted. */
  expire(before: Date): Promise<number>;
}

export function idempotencyRepository(
  keys: Model<IdempotencyDoc>,
  answers: Model<IdempotencyAnswerDoc>,
  claims: Model<SigningClaimDoc>,
): IdempotencyRepository {
  return {
    open: (key) => insertedFirst(() => keys.create(key)),
    byId: (keyId) => keys.findById(keyId).lean<IdempotencyDoc>().exec(),
    async free(keyId, requestSm3) {
      await keys.deleteOne(requestSm3 === undefined ? { _id: keyId } : { _id: keyId, requestSm3 });
    },
    claimRetry: (keyId, period, now) => takeClaim(claims, `idem:${keyId}:${period}`, keyId, now),
    keepAnswer: (answer) => insertedFirst(() => answers.create(answer)),
    answer: (keyId) => answers.findById(keyId).lean<IdempotencyAnswerDoc>().exec(),
    async hasAnswer(keyId) {
      return (await answers.exists({ _id: keyId })) !== null;
    },
    // One delete statement per collection, whatever the number of records.
    async expire(before) {
      const deleted = await keys.deleteMany({ startedAt: { $lt: before } });
      await answers.deleteMany({ keptAt: { $lt: before } });
      return deleted.deletedCount;
    },
  };
}
