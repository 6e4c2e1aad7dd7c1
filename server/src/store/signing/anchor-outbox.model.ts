import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The anchoring state lives beside the signing records, in three collections reached by `_id` or
 * small enough to scan, because FerretDB v1 (SQLite) finds by `_id` through its index but scans the
 * whole collection for any other filter, and for every update and delete, even by `_id`. The records
 * themselves are only ever inserted, so signing and anchoring cost the same at 1k or 100k records.
 *
 *   anchor_pending  one row per record not anchored yet (the outbox); deleted once its result is stored
 *   anchor_batches  batches pinned before their ledger call and not fully stored yet; deleted after
 *   anchor_results  one row per record the ledger anchored (with its proof) or refused; insert only
 *   anchored_signatures  one row per anchored signature, keyed by its SM3, naming its batch: the ledger
 *                   keeps no key per signature, so a verifier finds the anchor through this; insert only
 */

/** What the ledger needs of a record: the anchor entry's fields. */
export interface AnchorPendingDoc {
  /** The signing record's id. */
  _id: string;
  sealCode: string;
  signedAt: Date;
  signatureSm3: string;
  documentSm3: string;
  /**
   * What the lookup index and webhooks need of the record once it is anchored, carried with the batch
   * so storing its results reads no record (FerretDB reads by `_id` one at a time are the cost of a
   * batch). Absent on rows written before they were added: those records are read.
   */
  unitId?: string;
  sealId?: string;
  documentSm3Before?: string;
}

export interface PinnedCandidate {
  recordId: string;
  sealCode: string;
  signedAt: Date;
  signatureSm3: string;
  documentSm3: string;
  unitId?: string;
  sealId?: string;
  documentSm3Before?: string;
}

export interface AnchorBatchDoc {
  /** The deterministic batch id (worker/src/anchor/anchor-batch.ts). */
  _id: string;
  /** Every member, so a re-run rebuilds exactly this batch even when some results were stored. */
  candidates: PinnedCandidate[];
  pinnedAt: Date;
}

export type AnchorResultState = 'ANCHORED' | 'REJECTED';

export interface AnchorResultDoc {
  /** The signing record's id. */
  _id: string;
  state: AnchorResultState;
  batchId?: string;
  leafIndex?: number;
  /** Sibling hashes (hex), leaf to root. */
  proof?: string[];
  treeSize?: number;
  root?: string;
  txId?: string;
  anchoredAt?: Date;
  /** Why the ledger refused it (REJECTED). */
  reason?: string;
  storedAt: Date;
}

export interface AnchoredSignatureDoc {
  /** The signature's SM3 (hex). */
  _id: string;
  recordId: string;
  batchId: string;
}

const pendingSchema = new Schema<AnchorPendingDoc>(
  {
    _id: { type: String, required: true },
    sealCode: { type: String, required: true },
    signedAt: { type: Date, required: true },
    signatureSm3: { type: String, required: true },
    documentSm3: { type: String, required: true },
    unitId: String,
    sealId: String,
    documentSm3Before: String,
  },
  { versionKey: false },
);

const batchSchema = new Schema<AnchorBatchDoc>(
  {
    _id: { type: String, required: true },
    candidates: { type: Schema.Types.Mixed, required: true },
    pinnedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

const resultSchema = new Schema<AnchorResultDoc>(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: ['ANCHORED', 'REJECTED'], required: true },
    batchId: String,
    leafIndex: Number,
    proof: { type: [String], default: undefined },
    treeSize: Number,
    root: String,
    txId: String,
    anchoredAt: Date,
    reason: String,
    storedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

const anchoredSignatureSchema = new Schema<AnchoredSignatureDoc>(
  {
    _id: { type: String, required: true },
    recordId: { type: String, required: true },
    batchId: { type: String, required: true },
  },
  { versionKey: false },
);

export function anchoredSignatureModel(connection: Connection): Model<AnchoredSignatureDoc> {
  return (
    connection.models.AnchoredSignature ??
    connection.model<AnchoredSignatureDoc>('AnchoredSignature', anchoredSignatureSchema, 'anchored_signatures')
  );
}

export function anchorPendingModel(connection: Connection): Model<AnchorPendingDoc> {
  return connection.models.AnchorPending ?? connection.model<AnchorPendingDoc>('AnchorPending', pendingSchema, 'anchor_pending');
}

export function anchorBatchModel(connection: Connection): Model<AnchorBatchDoc> {
  return connection.models.AnchorBatch ?? connection.model<AnchorBatchDoc>('AnchorBatch', batchSchema, 'anchor_batches');
}

export function anchorResultModel(connection: Connection): Model<AnchorResultDoc> {
  return connection.models.AnchorResult ?? connection.model<AnchorResultDoc>('AnchorResult', resultSchema, 'anchor_results');
}
