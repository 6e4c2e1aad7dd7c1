import { Schema, type Connection, type Model } from 'mongoose';

/** One audited action: who, when, what moved from where to where, and why. Never personal data in clear. */
export interface AuditDoc {
  _id: string;
  /** Monotonic per process start is not enough across servers; `at` plus `_id` orders entries. */
  at: Date;
  action: string;
  actor: { id: string; role: string; ip?: string };
  unitId?: string;
  sealId?: string;
  from?: string | null;
  to?: string;
  reason?: string;
  details?: Record<string, unknown>;
}

const auditSchema = new Schema<AuditDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    action: { type: String, required: true },
    actor: { type: new Schema({ id: String, role: String, ip: String }, { _id: false }), required: true },
    unitId: String,
    sealId: String,
    from: { type: String, default: undefined },
    to: String,
    reason: String,
    details: Schema.Types.Mixed,
  },
  { versionKey: false },
);
auditSchema.index({ sealId: 1, at: 1 });
auditSchema.index({ unitId: 1, at: 1 });

export function auditModel(connection: Connection): Model<AuditDoc> {
  return connection.models.AuditEntry ?? connection.model<AuditDoc>('AuditEntry', auditSchema, 'audit');
}
