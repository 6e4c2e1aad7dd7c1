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
  /** The same for every attempt under the key: claims its first attempt took are recognised by a retry. */
  requestRef?: string;
  /** PREPARED: the answer and its writes are kept, the writes may not all be made yet. */
  state: 'IN_PROGRESS' | 'PREPARED' | 'DONE';
  /** The stored answer (JSON) replayed to a retry. */
  response?: string;
  /** While PREPARED: the writes that make the answer count (as BSON, dates kept), made again by a retry. */
  writes?: unknown;
  startedAt: Date;
  /** Last heartbeat of the request working under the key (absent on keys written before heartbeats). */
  aliveAt?: Date;
  completedAt?: Date;
}

const idempotencySchema = new Schema<IdempotencyDoc>(
  {
    _id: { type: String, required: true },
    requestSm3: { type: String, required: true },
    requestRef: String,
    state: { type: String, required: true },
    response: String,
    writes: Schema.Types.Mixed,
    startedAt: { type: Date, required: true },
    aliveAt: Date,
    completedAt: Date,
  },
  { versionKey: false },
);

export function idempotencyModel(connection: Connection): Model<IdempotencyDoc> {
  return connection.models.IdempotencyKey ?? connection.model<IdempotencyDoc>('IdempotencyKey', idempotencySchema, 'idempotency_keys');
}
