import { Schema, type Connection, type Model } from 'mongoose';

export type CertificateSubject = { kind: 'document'; documentSm3: string } | { kind: 'seal'; sealId: string };
export type CertificateState = 'PENDING' | 'READY' | 'FAILED';

/** What anyone holding the certificate number may learn: what the certificate itself prints, no internal ids. */
export interface CertificatePublicSummary {
  kind: 'document' | 'seal';
  documentSm3?: string;
  sealCode?: string;
  issuedAt: string;
  /** The verdict of the offline proof-bundle check printed on the certificate. */
  verdict: string;
  signatures: Array<{ sealName: string; sealCode: string; signedAt: string }>;
  /** SM3 of the certificate PDF as issued. */
  certificateSm3: string;
}

/**
 * 存证证书: one certificate, created PENDING by a unique insert under its number, made READY by the
 * worker. The PDF itself is in evidence_certificate_files (written once, under the same number).
 */
export interface EvidenceCertificateDoc {
  /** The certificate number. */
  _id: string;
  subject: CertificateSubject;
  /** The unit whose document or seal it is: who may read it. */
  unitId: string;
  /** Printed on the certificate when the requester named the document. */
  documentName?: string;
  requestedBy: { id: string; role: string };
  requestedAt: Date;
  state: CertificateState;
  attempts: number;
  lastError?: string;
  readyAt?: Date;
  summary?: CertificatePublicSummary;
}

/** The issued files, inserted once under the certificate number: a second run of the job finds them and stops. */
export interface EvidenceCertificateFileDoc {
  _id: string;
  pdf: Buffer;
  pdfSm3: string;
  /** The proof bundle (v2) JSON the certificate summarises, for the archive; absent on ledgers without offline attestation. */
  bundle?: string;
  summary: CertificatePublicSummary;
  createdAt: Date;
}

const certificateSchema = new Schema<EvidenceCertificateDoc>(
  {
    _id: { type: String, required: true },
    subject: { type: Schema.Types.Mixed, required: true },
    unitId: { type: String, required: true },
    documentName: String,
    requestedBy: { type: Schema.Types.Mixed, required: true },
    requestedAt: { type: Date, required: true },
    state: { type: String, required: true },
    attempts: { type: Number, required: true, default: 0 },
    lastError: String,
    readyAt: Date,
    summary: Schema.Types.Mixed,
  },
  { versionKey: false, minimize: false },
);

const certificateFileSchema = new Schema<EvidenceCertificateFileDoc>(
  {
    _id: { type: String, required: true },
    pdf: { type: Buffer, required: true },
    pdfSm3: { type: String, required: true },
    bundle: String,
    summary: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function evidenceCertificateModel(connection: Connection): Model<EvidenceCertificateDoc> {
  return (
    connection.models.EvidenceCertificate ??
    connection.model<EvidenceCertificateDoc>('EvidenceCertificate', certificateSchema, 'evidence_certificates')
  );
}

export function evidenceCertificateFileModel(connection: Connection): Model<EvidenceCertificateFileDoc> {
  return (
    connection.models.EvidenceCertificateFile ??
    connection.model<EvidenceCertificateFileDoc>('EvidenceCertificateFile', certificateFileSchema, 'evidence_certificate_files')
  );
}
