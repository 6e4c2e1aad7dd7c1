import type { Model } from 'mongoose';
import type { CertificateDoc } from './certificate.model';

export type NewCertificate = Omit<CertificateDoc, 'createdAt' | 'updatedAt' | 'revokedAt' | 'revocationReason'>;

/** The `certificates` collection: every seal certificate issued, by serial. */
export interface CertificateRepository {
  store(certificate: NewCertificate): Promise<void>;
  bySerial(serial: string): Promise<CertificateDoc | null>;
  markRevoked(serial: string, at: Date, reason: string): Promise<void>;
}

export function certificateRepository(certificates: Model<CertificateDoc>): CertificateRepository {
  return {
    async store(certificate) {
      await certificates.create(certificate);
    },
    bySerial: (serial) => certificates.findById(serial).lean<CertificateDoc>().exec(),
    async markRevoked(serial, at, reason) {
      await certificates.updateOne({ _id: serial }, { $set: { status: 'REVOKED', revokedAt: at, revocationReason: reason } }).exec();
    },
  };
}
