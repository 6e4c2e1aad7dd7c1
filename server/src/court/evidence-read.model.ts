import { Schema, type Connection, type Model } from 'mongoose';

/**
 * 调阅记录: one row per unit whose evidence a court read in one request, inserted before the answer
 * is sent (no answer without its record). Insert-only; the unit lists its rows by `unitId`.
 */
export interface EvidenceReadDoc {
  _id: string;
  unitId: string;
  reader: { id: string; role: string };
  /** What was read: the records of a document, its proof bundle, a court-chain evidence number, an evidence certificate (存证证书), or its archive package. */
  what: 'DOCUMENT' | 'BUNDLE' | 'EVIDENCE' | 'CERTIFICATE' | 'ARCHIVE';
  /** The handle the court presented. */
  documentSm3?: string;
  evidenceNumber?: string;
  /** The certificate asked for, followed or downloaded (what: CERTIFICATE). */
  certificateNumber?: string;
  /** The unit's signing records (or seal) the answer carried. */
  recordIds: string[];
  sealId?: string;
  at: Date;
}

const evidenceReadSchema = new Schema<EvidenceReadDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    reader: { type: Schema.Types.Mixed, required: true },
    what: { type: String, enum: ['DOCUMENT', 'BUNDLE', 'EVIDENCE', 'CERTIFICATE', 'ARCHIVE'], required: true },
    documentSm3: String,
    evidenceNumber: String,
    certificateNumber: String,
    recordIds: { type: [String], required: true },
    sealId: String,
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
evidenceReadSchema.index({ unitId: 1, at: -1, _id: -1 });

export function evidenceReadModel(connection: Connection): Model<EvidenceReadDoc> {
  return connection.models.EvidenceRead ?? connection.model<EvidenceReadDoc>('EvidenceRead', evidenceReadSchema, 'evidence_reads');
}
