import { randomBytes } from 'node:crypto';
import type { Model } from 'mongoose';
import { insertedFirst } from '../ferretdb';
import { takeClaim } from './claims';
import type { IdempotencyAnswerDoc, IdempotencyAnswerPartDoc, IdempotencyDoc } from './idempotency.model';
import type { SigningClaimDoc } from './signing-claim.model';

/**
 * Answers longer than this (characters of JSON) are kept in pieces of this size: a document may hold
 * 16 MiB of BSON, and an answer with signed PDFs in base64 can be larger (20 MB requests are accepted).
 * 4 Mi characters stay under that limit even if every one took three bytes of UTF-8.
 */
export const ANSWER_PART_CHARS = 4 * 1024 * 1024;

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

  /** Keeps the answer once, whatever its size; false when another attempt's answer is kept already. */
  keepAnswer(answer: IdempotencyAnswerDoc & { response: string }): Promise<boolean>;
  /** The kept answer, its response whole (read back from its parts when it was kept in pieces). */
  answer(keyId: string): Promise<(IdempotencyAnswerDoc & { response: string }) | null>;
  hasAnswer(keyId: string): Promise<boolean>;

  /** Deletes keys started, answers kept and retry claims taken before `before`: the number of keys deleted. */
  expire(before: Date): Promise<number>;
}

export function idempotencyRepository(
  keys: Model<IdempotencyDoc>,
  answers: Model<IdempotencyAnswerDoc>,
  answerParts: Model<IdempotencyAnswerPartDoc>,
  claims: Model<SigningClaimDoc>,
): IdempotencyRepository {
  return {
    open: (key) => insertedFirst(() => keys.create(key)),
    byId: (keyId) => keys.findById(keyId).lean<IdempotencyDoc>().exec(),
    async free(keyId, requestSm3) {
      await keys.deleteOne(requestSm3 === undefined ? { _id: keyId } : { _id: keyId, requestSm3 });
    },
    claimRetry: (keyId, period, now) => takeClaim(claims, `idem:${keyId}:${period}`, keyId, now),
    async keepAnswer(answer) {
      if (answer.response.length <= ANSWER_PART_CHARS) return insertedFirst(() => answers.create(answer));
      // Each attempt keeps its pieces under its own ref: two attempts' answers differ (SM2 signatures are
      // randomised), and only the answer inserted first names its pieces. The loser's are deleted.
      const ref = randomBytes(9).toString('base64url');
      const pieces = splitText(answer.response, ANSWER_PART_CHARS);
      for (const [i, data] of pieces.entries()) await answerParts.create({ _id: partId(answer._id, ref, i), data, keptAt: answer.keptAt });
      const { response: _whole, ...rest } = answer;
      const kept = await insertedFirst(() => answers.create({ ...rest, parts: { ref, count: pieces.length } }));
      if (!kept) await answerParts.deleteMany({ _id: { $in: pieces.map((_, i) => partId(answer._id, ref, i)) } });
      return kept;
    },
    async answer(keyId) {
      const answer = await answers.findById(keyId).lean<IdempotencyAnswerDoc>().exec();
      if (!answer) return null;
      if (answer.response !== undefined) return { ...answer, response: answer.response };
      if (!answer.parts) throw new Error(`idempotency answer ${JSON.stringify(keyId)} has neither a response nor parts`);
      const { ref, count } = answer.parts;
      // `_id` reads one by one: FerretDB v1 answers `$in` by reading the whole collection.
      const pieces: string[] = [];
      for (let i = 0; i < count; i++) {
        const part = await answerParts
          .findById(partId(keyId, ref, i))
          .lean<IdempotencyAnswerPartDoc>()
          .exec();
        if (!part) throw new Error(`idempotency answer ${JSON.stringify(keyId)} misses part ${i} of ${count}`);
        pieces.push(part.data);
      }
      return { ...answer, response: pieces.join('') };
    },
    async hasAnswer(keyId) {
      return (await answers.exists({ _id: keyId })) !== null;
    },
    // One delete statement per collection, whatever the number of records. A retry claim matters only
    // in its own 10 s period; past the retention its key is gone too.
    async expire(before) {
      const deleted = await keys.deleteMany({ startedAt: { $lt: before } });
      await answers.deleteMany({ keptAt: { $lt: before } });
      await answerParts.deleteMany({ keptAt: { $lt: before } });
      await claims.deleteMany({ _id: { $regex: /^idem:/ }, at: { $lt: before } });
      return deleted.deletedCount;
    },
  };
}

const partId = (answerId: string, ref: string, index: number) => `${answerId}\u0000${ref}#${index}`;

/** Pieces of at most `size` UTF-16 units, never cutting a surrogate pair (a lone half would not survive UTF-8). */
function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces;
}
