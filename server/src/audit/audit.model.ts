import { Schema, type Connection, type Model } from 'mongoose';
import type { AuditRecord } from './audit-entry';

export interface AuditAnchorDoc {
  /** `anchor-<toSeq>`: one anchor per chain position. */
  _id: string;
  fromSeq: number;
  toSeq: number;
  /** Hash of the entry at toSeq, which commits to every entry before it. */
  headHash: string;
  at: string;
  /** Where the anchor was published ('ledger' or 'log') and the ledger transaction id. */
  sink: string;
  transactionId?: string;
}

const auditRecordSchema = new Schema<AuditRecord>(
  {
    _id: { type: String, required: true },
    // Unique: two writers racing for the same position cannot both win; the loser re-chains and retries.
    seq: { type: Number, required: true, unique: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    at: { type: String, required: true },
    action: { type: String, required: true },
    actor: { type: new Schema({ id: String, role: String, ip: String }, { _id: false }), required: true },
    result: { type: String, required: true },
    status: Number,
    code: String,
    target: String,
    requestId: String,
    unitId: String,
    sealId: String,
    from: { type: String, default: undefined },
    to: String,
    reason: String,
    details: Schema.Types.Mixed,
  },
  // minimize off: an empty details object must come back as stored, or its hash no longer matches.
  { versionKey: false, minimize: false },
);
auditRecordSchema.index({ unitId: 1, seq: 1 });
auditRecordSchema.index({ sealId: 1, seq: 1 });

const auditAnchorSchema = new Schema<AuditAnchorDoc>(
  {
    _id: { type: String, required: true },
    fromSeq: { type: Number, required: true },
    toSeq: { type: Number, required: true, unique: true },
    headHash: { type: String, required: true },
    at: { type: String, required: true },
    sink: { type: String, required: true },
    transactionId: String,
  },
  { versionKey: false },
);

/**
 * The hash-chained log is the store's `audit` collection: the lifecycle's reads (store.audit) see the
 * same entries its recordAudit writes through this chain.
 */
export const AUDIT_COLLECTION = 'audit';

export function auditRecordModel(connection: Connection): Model<AuditRecord> {
  return connection.models.AuditRecord ?? connection.model<AuditRecord>('AuditRecord', auditRecordSchema, AUDIT_COLLECTION);
}

export function auditAnchorModel(connection: Connection): Model<AuditAnchorDoc> {
  return connection.models.AuditAnchor ?? connection.model<AuditAnchorDoc>('AuditAnchor', auditAnchorSchema, 'audit_anchors');
}

export async function ensureAuditIndexes(connection: Connection): Promise<void> {
  for (const model of [auditRecordModel(connection), auditAnchorModel(connection)]) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}
