import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One public-security seal code (印章编码) and the seal that holds it. The code is the seal's GB/T 38540
 * esID and its key on the ledger, so it must name one seal only: the claim is a unique `_id` insert
 * (FerretDB v1 has no atomic conditional update), and the ledger key maps back to our seal by `_id`.
 */
export interface SealCodeDoc {
  /** The 13-digit seal code. */
  _id: string;
  sealId: string;
  createdAt: Date;
}

const sealCodeSchema = new Schema<SealCodeDoc>(
  {
    _id: { type: String, required: true },
    sealId: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export function sealCodeModel(connection: Connection): Model<SealCodeDoc> {
  return connection.models.SealCode ?? connection.model<SealCodeDoc>('SealCode', sealCodeSchema, 'seal_codes');
}
