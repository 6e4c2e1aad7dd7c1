import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One (evidence, court chain) relay: the submission exactly as sent (a retry sends the same
 * content), its state, the court's receipt once answered, and the last error for operators.
 * `_id` is `<evidenceId>@<adapterId>`, so the hot lookups (the job, a retry) are `_id` lookups.
 */
export interface RelayDoc {
  _id: string;
  adapterId: string;
  subject: { kind: 'SEAL_EVENT'; sealId: string; event: string } | { kind: 'BATCH'; batchId: string };
  evidence: {
    evidenceId: string;
    digest: string;
    digestAlgorithm: 'SM3' | 'SHA256';
    partyId: string;
    txToken: string;
    phase: 'ISSUE' | 'CHANGE' | 'RENEW' | 'REVOKE' | 'SIGN';
    sourceTxId: string;
  };
  state: 'PENDING' | 'SUBMITTED' | 'CONFIRMED' | 'REJECTED' | 'DEAD';
  attempts: number;
  lastError?: string;
  receipt?: {
    evidenceId: string;
    evidenceNumber: string;
    txHash: string;
    blockHeight: number;
    recordedAt: string;
    digest: string;
    digestAlgorithm: 'SM3' | 'SHA256';
    signature: string;
    /** A receipt the court signed in a batch: its inclusion under the signed root. */
    batch?: { root: string; leafIndex: number; treeSize: number; path: string[] };
    /** A Fabric court channel's block holding the court transaction (base64), for proof bundles. */
    block?: string;
  };
  createdAt: Date;
  submittedAt?: Date;
  confirmedAt?: Date;
  updatedAt: Date;
}

const relaySchema = new Schema<RelayDoc>(
  {
    _id: { type: String, required: true },
    adapterId: { type: String, required: true },
    subject: { type: Schema.Types.Mixed, required: true },
    evidence: { type: Schema.Types.Mixed, required: true },
    state: { type: String, required: true },
    attempts: { type: Number, required: true, default: 0 },
    lastError: String,
    receipt: Schema.Types.Mixed,
    createdAt: { type: Date, required: true },
    submittedAt: Date,
    confirmedAt: Date,
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
// Operators list dead letters and read a seal's or a batch's relays; these are not hot paths.
relaySchema.index({ state: 1 });
relaySchema.index({ 'subject.sealId': 1 });
relaySchema.index({ 'subject.batchId': 1 });

export function relayModel(connection: Connection): Model<RelayDoc> {
  return connection.models.Relay ?? connection.model<RelayDoc>('Relay', relaySchema, 'relays');
}
