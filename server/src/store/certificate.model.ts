import { Schema, type Connection, type Model } from 'mongoose';

/** Every certificate the CA issued for a seal, kept for verification after renewal or revocation. */
export interface CertificateDoc {
  /** Serial, lower-case hex (even length). */
  _id: string;
  sealId: string;
  unitId: string;
  der: Buffer;
  sm3: string;
  notBefore: Date;
  notAfter: Date;
  status: 'VALID' | 'REVOKED';
  revokedAt?: Date;
  revocationReason?: string;
  createdAt: Date;
  updatedAt: Date;
}

const certificateSchema = new Schema<CertificateDoc>(
  {
    _id: { type: String, required: true },
    sealId: { type: String, required: true, index: true },
    unitId: { type: String, required: true },
    der: { type: Buffer, required: true },
    sm3: { type: String, required: true, unique: true },
    notBefore: { type: Date, required: true },
    notAfter: { type: Date, required: true },
    status: { type: String, enum: ['VALID', 'REVOKED'], required: true },
    revokedAt: Date,
    revocationReason: String,
  },
  { timestamps: true, versionKey: false },
);

export function certificateModel(connection: Connection): Model<CertificateDoc> {
  return connection.models.SealCertificate ?? connection.model<CertificateDoc>('SealCertificate', certificateSchema, 'certificates');
}
