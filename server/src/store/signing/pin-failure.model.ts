import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One wrong PIN, numbered within the seal's current counting epoch: `_id` = sealId:epoch:n. Each
 * failure inserts the next free number, so concurrent guesses get distinct numbers through the unique
 * _id (the n-th failure knows it is the n-th) without relying on $inc, which FerretDB v1 does not
 * apply atomically.
 */
export interface PinFailureDoc {
  _id: string;
  sealId: string;
  epoch: number;
  n: number;
  at: Date;
}

const pinFailureSchema = new Schema<PinFailureDoc>(
  {
    _id: { type: String, required: true },
    sealId: { type: String, required: true },
    epoch: { type: Number, required: true },
    n: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
pinFailureSchema.index({ sealId: 1, epoch: 1 });

export function pinFailureModel(connection: Connection): Model<PinFailureDoc> {
  return connection.models.SealPinFailure ?? connection.model<PinFailureDoc>('SealPinFailure', pinFailureSchema, 'seal_pin_failures');
}
