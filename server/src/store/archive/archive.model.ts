import { Schema, type Connection, type Model } from 'mongoose';

export type ArchiveState = 'PENDING' | 'READY' | 'FAILED';
export type ArchiveRetention = 'PERMANENT' | '30Y' | '10Y';

/**
 * 归档: one archive package per document version, `_id` = the signed document's SM3, created PENDING by
 * a unique insert (a second request for the same file finds it), made READY by the worker.
 */
export interface ArchiveDoc {
  /** The archived document's SM3: a document version has one package. */
  _id: string;
  /** The unit whose signature produced the document: who may read the package. */
  unitId: string;
  /** The signing records that made the document, first signature first (the unit's own). */
  recordIds: string[];
  /** 题名 and 保管期限 written into the package's metadata. */
  title: string;
  retention: ArchiveRetention;
  documentSize: number;
  requestedBy: { id: string; role: string };
  requestedAt: Date;
  state: ArchiveState;
  attempts: number;
  lastError?: string;
  readyAt?: Date;
  packageSm3?: string;
  packageSize?: number;
  /** The verdict of the verification at archiving, as the package's report states it. */
  verdict?: string;
}

/**
 * The signed document as uploaded, kept only until its package is stored (the package holds it):
 * inserted once under the archive id, deleted after the package is written.
 */
export interface ArchiveDocumentDoc {
  _id: string;
  document: Buffer;
}

/** The package, inserted once under the archive id: a second run of the job finds it and stops. */
export interface ArchivePackageDoc {
  _id: string;
  package: Buffer;
  packageSm3: string;
  verdict: string;
  createdAt: Date;
}

const archiveSchema = new Schema<ArchiveDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    recordIds: { type: [String], required: true },
    title: { type: String, required: true },
    retention: { type: String, required: true },
    documentSize: { type: Number, required: true },
    requestedBy: { type: Schema.Types.Mixed, required: true },
    requestedAt: { type: Date, required: true },
    state: { type: String, required: true },
    attempts: { type: Number, required: true, default: 0 },
    lastError: String,
    readyAt: Date,
    packageSm3: String,
    packageSize: Number,
    verdict: String,
  },
  { versionKey: false, minimize: false },
);
// The unit's list pages by _id within the unit.
archiveSchema.index({ unitId: 1, _id: 1 });

const documentSchema = new Schema<ArchiveDocumentDoc>(
  { _id: { type: String, required: true }, document: { type: Buffer, required: true } },
  { versionKey: false },
);

const packageSchema = new Schema<ArchivePackageDoc>(
  {
    _id: { type: String, required: true },
    package: { type: Buffer, required: true },
    packageSm3: { type: String, required: true },
    verdict: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function archiveModel(connection: Connection): Model<ArchiveDoc> {
  return connection.models.Archive ?? connection.model<ArchiveDoc>('Archive', archiveSchema, 'archives');
}

export function archiveDocumentModel(connection: Connection): Model<ArchiveDocumentDoc> {
  return connection.models.ArchiveDocument ?? connection.model<ArchiveDocumentDoc>('ArchiveDocument', documentSchema, 'archive_documents');
}

export function archivePackageModel(connection: Connection): Model<ArchivePackageDoc> {
  return connection.models.ArchivePackage ?? connection.model<ArchivePackageDoc>('ArchivePackage', packageSchema, 'archive_packages');
}
