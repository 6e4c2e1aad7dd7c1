import { Schema, type Connection, type Model } from 'mongoose';

/**
 * PIN state of one seal, keyed by the seal id: the counting epoch (a successful PIN starts a new one,
 * so earlier failures stop counting) and the lock. The failures themselves are PinFailure documents.
 */
export interface PinGuardDoc {
  _id: string;
  epoch: number;
  lockedAt?: Date;
}

const pinGuardSchema = new Schema<PinGuardDoc>(
  { _id: { type: String, required: true }, epoch: { type: Number, required: true, default: 0 }, lockedAt: Date },
  { versionKey: false },
);

export function pinGuardModel(connection: Connection): Model<PinGuardDoc> {
  return connection.models.SealPinGuard ?? connection.model<PinGuardDoc>('SealPinGuard', pinGuardSchema, 'seal_pin_guards');
}
