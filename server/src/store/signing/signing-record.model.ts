import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Anchoring outbox states. PENDING: waiting for a batch; CLAIMED: taken by an anchor run (with a
 * claim id, then a deterministic batch id); ANCHORED: on the ledger with its Merkle proof;
 * REJECTED: the ledger refused it (its seal was not active at signing time), kept for the audit.
 */
export const ANCHOR_STATES = ['PENDING', 'CLAIMED', 'ANCHORED', 'REJECTED'] as const;
export type AnchorState = (typeof ANCHOR_STATES)[number];

/** The outbox row, inside the record it describes so both land in one single-document write. */
export interface AnchorOutbox {
  state: AnchorState;
  attempts: number;
  claimId?: string;
  claimedAt?: Date;
  batchId?: string;
  leafIndex?: number;
  /** Sibling hashes (hex), leaf to root. */
  proof?: string[];
  treeSize?: number;
  root?: string;
  txId?: string;
  anchoredAt?: Date;
  lastError?: string;
}

/** 签章记录: one signature made by this service. */
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
  signedAt: Date;
  fieldName: string;
  pages: number[];
  byteRange: number[];
  /** A batch call's id, so its documents can be listed together. */
  batchCallId?: string;
  anchor: AnchorOutbox;
  createdAt: Date;
  updatedAt: Date;
}

const anchorSchema = new Schema<AnchorOutbox>(
  {
    state: { type: String, enum: ANCHOR_STATES, required: true },
    attempts: { type: Number, required: true, default: 0 },
    claimId: String,
    claimedAt: Date,
    batchId: String,
    leafIndex: Number,
    proof: { type: [String], default: undefined },
    treeSize: Number,
    root: String,
    txId: String,
    anchoredAt: Date,
    lastError: String,
  },
  { _id: false },
);

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
    signedAt: { type: Date, required: true },
    fieldName: { type: String, required: true },
    pages: { type: [Number], required: true },
    byteRange: { type: [Number], required: true },
    batchCallId: String,
    anchor: { type: anchorSchema, required: true },
  },
  { timestamps: true, versionKey: false },
);
signingRecordSchema.index({ unitId: 1, signedAt: -1, _id: -1 });
signingRecordSchema.index({ sealId: 1, signedAt: -1, _id: -1 });
signingRecordSchema.index({ 'anchor.state': 1, signedAt: 1 });
signingRecordSchema.index({ 'anchor.claimId': 1 });
signingRecordSchema.index({ 'anchor.batchId': 1 });

export function signingRecordModel(connection: Connection): Model<SigningRecordDoc> {
  return connection.models.SigningRecord ?? connection.model<SigningRecordDoc>('SigningRecord', signingRecordSchema, 'signing_records');
}
