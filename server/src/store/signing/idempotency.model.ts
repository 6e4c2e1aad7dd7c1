import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One Idempotency-Key of one caller: the request it was first used with (by its keyed fingerprint,
 * see usecases/signing/idempotency.ts). `_id` = caller id + key, so the unique primary key settles a
 * race between two retries arriving at once. Written once, never updated: FerretDB v1 scans the
 * whole collection for every update, even by `_id`.
 */
export interface IdempotencyDoc {
  _id: string;
  requestSm3: string;
  /** The same for every attempt under the key: claims its first attempt took are recognised by a retry. */
  requestRef?: string;
  startedAt: Date;
  /** Written by keys kept before answers had their own collection. */
  state?: string;
  response?: string;
}

/**
 * The answer to a key, kept once by the unique insert of its `_id` (the key's), with the writes that
 * make it count (BSON, dates kept): a retry replays the answer and makes the writes again. Its own
 * collection, reached only by `_id` and insert: answers carry signed documents, and keeping them off
 * the keys keeps every other step on the keys cheap.
 */
export interface IdempotencyAnswerDoc {
  _id: string;
  /** Absent when the answer was too large for one document: it is then kept in `parts`. */
  response?: string;
  /** An answer kept in pieces (`idempotency_answer_parts`, `_id` = answer id, ref, index), read back whole. */
  parts?: { ref: string; count: number };
  /** The request's fingerprint: an answer may outlive its key, and must not answer another request. */
  requestSm3?: string;
  writes?: unknown;
  keptAt: Date;
}

const idempotencySchema = new Schema<IdempotencyDoc>(
  {
    _id: { type: String, required: true },
    requestSm3: { type: String, required: true },
    requestRef: String,
    startedAt: { type: Date, required: true },
    state: String,
    response: String,
  },
  { versionKey: false },
);

const answerSchema = new Schema<IdempotencyAnswerDoc>(
  {
    _id: { type: String, required: true },
    response: String,
    parts: { type: new Schema({ ref: { type: String, required: true }, count: { type: Number, required: true } }, { _id: false }) },
    requestSm3: String,
    writes: Schema.Types.Mixed,
    keptAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function idempotencyModel(connection: Connection): Model<IdempotencyDoc> {
  return connection.models.IdempotencyKey ?? connection.model<IdempotencyDoc>('IdempotencyKey', idempotencySchema, 'idempotency_keys');
}

export function idempotencyAnswerModel(connection: Connection): Model<IdempotencyAnswerDoc> {
  return (
    connection.models.IdempotencyAnswer ?? connection.model<IdempotencyAnswerDoc>('IdempotencyAnswer', answerSchema, 'idempotency_answers')
  );
}

/**
 * One piece of an answer larger than a document may be (BSON's 16 MiB: a batch of signed PDFs, or one
 * large PDF, in base64). Inserted before the answer that names them, so an answer is never half there.
 */
export interface IdempotencyAnswerPartDoc {
  _id: string;
  data: string;
  keptAt: Date;
}

const answerPartSchema = new Schema<IdempotencyAnswerPartDoc>(
  { _id: { type: String, required: true }, data: { type: String, required: true }, keptAt: { type: Date, required: true } },
  { versionKey: false },
);

export function idempotencyAnswerPartModel(connection: Connection): Model<IdempotencyAnswerPartDoc> {
  return (
    connection.models.IdempotencyAnswerPart ??
    connection.model<IdempotencyAnswerPartDoc>('IdempotencyAnswerPart', answerPartSchema, 'idempotency_answer_parts')
  );
}
