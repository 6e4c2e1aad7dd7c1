import { Schema, type Connection, type Model } from 'mongoose';

/**
 * 签章记录: one signature made by this service. Written once and never updated: its anchoring state
 * is kept in the anchor collections (anchor-outbox.model.ts).
 */
export interface SigningRecordDoc {
  _id: string;
  unitId: string;
  sealId: string;
  /** The seal's GB/T 38540 esID: the ledger's key for the seal. */
  sealCode: string;
  sealKind: string;
  signerId: string;
  signerPersonId?: string;
  /** The 用章审批 consumed, for official seals. */
  approvalId?: string;
  documentSm3Before: string;
  documentSm3After: string;
  /** SM3 of the DER SES_Signature. */
  signatureSm3: string;
  /** The DER SES_Signature (base64), kept only when it carries a time-stamp token: proof bundles carry both. */
  sesSignature?: string;
  signedAt: Date;
  fieldName: string;
  pages: number[];
  byteRange: number[];
  /** A batch call's id, so its documents can be listed together. */
  batchCallId?: string;
  createdAt: Date;
  updatedAt: Date;
}

const signingRecordSchema = new Schema<SigningRecordDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    sealId: { type: String, required: true },
    sealCode: { type: String, required: true },
    sealKind: { type: String, required: true },
    signerId: { type: String, required: true },
    signerPersonId: String,
    approvalId: String,
    documentSm3Before: { type: String, required: true },
    documentSm3After: { type: String, required: true },
    signatureSm3: { type: String, required: true, unique: true },
    sesSignature: String,
    signedAt: { type: Date, required: true },
    fieldName: { type: String, required: true },
    pages: { type: [Number], required: true },
    byteRange: { type: [Number], required: true },
    batchCallId: String,
  },
  { timestamps: true, versionKey: false },
);
signingRecordSchema.index({ unitId: 1, signedAt: -1, _id: -1 });
signingRecordSchema.index({ sealId: 1, signedAt: -1, _id: -1 });

export function signingRecordModel(connection: Connection): Model<SigningRecordDoc> {
  return connection.models.SigningRecord ?? connection.model<SigningRecordDoc>('SigningRecord', signingRecordSchema, 'signing_records');
}
