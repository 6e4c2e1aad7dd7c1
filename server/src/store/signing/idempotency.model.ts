import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One Idempotency-Key of one caller: the request it was first used with (by its keyed fingerprint,
 * see usecases/signing/idempotency.ts) and, once done,
 * the answer to replay. `_id` = caller id + key, so the unique primary key settles a race between
 * two retries arriving at once.
 */
export interface IdempotencyDoc {
  _id: string;
  requestSm3: string;
  state: 'IN_PROGRESS' | 'DONE';
  /** The stored answer (JSON) replayed to a retry. */
  response?: string;
  startedAt: Date;
  completedAt?: Date;
}

const idempotencySchema = new Schema<IdempotencyDoc>(
  {
    _id: { type: String, required: true },
    requestSm3: { type: String, required: true },
    state: { type: String, required: true },
    response: String,
    startedAt: { type: Date, required: true },
    completedAt: Date,
  },
  { versionKey: false },
);

export function idempotencyModel(connection: Connection): Model<IdempotencyDoc> {
  return connection.models.IdempotencyKey ?? connection.model<IdempotencyDoc>('IdempotencyKey', idempotencySchema, 'idempotency_keys');
}
