import type { Connection, Model } from 'mongoose';
import {
  evidenceCertificateFileModel,
  evidenceCertificateModel,
  type CertificatePublicSummary,
  type EvidenceCertificateDoc,
  type EvidenceCertificateFileDoc,
} from './evidence-certificate.model';

const DUPLICATE_KEY = 11000;

const isDuplicateKey = (error: unknown) => (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;

/**
 * The certificates and their files. Every read is an `_id` lookup; every "exactly once" is a unique
 * `_id` insert (FerretDB v1 has no atomic conditional update). State changes are absolute `$set`s.
 */
export class EvidenceCertificateStore {
  constructor(
    readonly certificates: Model<EvidenceCertificateDoc>,
    readonly files: Model<EvidenceCertificateFileDoc>,
  ) {}

  static of(connection: Connection): EvidenceCertificateStore {
    return new EvidenceCertificateStore(evidenceCertificateModel(connection), evidenceCertificateFileModel(connection));
  }

  async ensureCollections(): Promise<void> {
    for (const model of [this.certificates, this.files]) await model.createCollection().catch(() => undefined);
  }

  /** False when the number is taken (a retried request with the same number, or a collision). */
  async create(doc: Omit<EvidenceCertificateDoc, 'attempts' | 'state'>): Promise<boolean> {
    try {
      await this.certificates.collection.insertOne({ ...doc, state: 'PENDING', attempts: 0 } as never);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async load(certificateNumber: string): Promise<EvidenceCertificateDoc | undefined> {
    return (
      ((await this.certificates.collection.findOne({ _id: certificateNumber as never })) as EvidenceCertificateDoc | null) ?? undefined
    );
  }

  async loadFile(certificateNumber: string): Promise<EvidenceCertificateFileDoc | undefined> {
    const doc = (await this.files.collection.findOne({ _id: certificateNumber as never })) as
      (Omit<EvidenceCertificateFileDoc, 'pdf'> & { pdf: { buffer: Uint8Array } | Buffer }) | null;
    if (doc === null) return undefined;
    // The driver hands binary back as a BSON Binary.
    const pdf = Buffer.isBuffer(doc.pdf) ? doc.pdf : Buffer.from(doc.pdf.buffer);
    return { ...doc, pdf };
  }

  /**
   * Stores the issued files once: when a concurrent or earlier run stored them first, theirs stand and
   * are returned (a certificate number names one PDF, forever).
   */
  async saveFileOnce(file: EvidenceCertificateFileDoc): Promise<EvidenceCertificateFileDoc> {
    try {
      await this.files.collection.insertOne(file as never);
      return file;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const stored = await this.loadFile(file._id);
      if (stored === undefined) throw error;
      return stored;
    }
  }

  async markReady(certificateNumber: string, file: Pick<EvidenceCertificateFileDoc, 'summary' | 'createdAt'>): Promise<void> {
    await this.certificates.updateOne(
      { _id: certificateNumber },
      { $set: { state: 'READY', readyAt: file.createdAt, summary: file.summary }, $unset: { lastError: 1 } },
    );
  }

  /** For operators watching a stuck certificate; the counter is informative only (no decision rests on it). */
  async recordFailure(certificateNumber: string, reason: string, final: boolean): Promise<void> {
    await this.certificates.updateOne(
      { _id: certificateNumber },
      { $set: { lastError: reason.slice(0, 500), ...(final ? { state: 'FAILED' } : {}) }, $inc: { attempts: 1 } },
    );
  }

  /**
   * For the public lookup (POST /public/lookup by certificate number): the public fields of a ready
   * certificate, undefined when there is none (unknown, pending or failed). Nothing internal: no unit,
   * no requester, no record ids.
   */
  async findCertificateForLookup(
    certificateNumber: string,
  ): Promise<(CertificatePublicSummary & { certificateNumber: string }) | undefined> {
    const doc = await this.load(certificateNumber);
    if (doc?.state !== 'READY' || doc.summary === undefined) return undefined;
    return { certificateNumber: doc._id, ...doc.summary };
  }
}
