import type { Connection, Model } from 'mongoose';
import { findByIdRaw, insertOnce, isDuplicateKeyError } from '../ferretdb';
import { pageById, type ListPage, type PageRequest } from '../list-page';
import {
  archiveDocumentModel,
  archiveModel,
  archivePackageModel,
  type ArchiveDoc,
  type ArchiveDocumentDoc,
  type ArchivePackageDoc,
} from './archive.model';

/** Binary read through the driver arrives as BSON Binary: copy it into a Buffer. */
function bytesOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const binary = value as { buffer?: unknown } | null;
  if (binary && binary.buffer instanceof Uint8Array) return Buffer.from(binary.buffer);
  throw new TypeError('stored field is not binary data');
}

/**
 * Archives, their uploaded documents and their packages. Every read of one archive is an `_id`
 * lookup; every "exactly once" is a unique `_id` insert (FerretDB v1 has no atomic conditional
 * update); state changes are absolute `$set`s.
 */
export class ArchiveStore {
  constructor(
    readonly archives: Model<ArchiveDoc>,
    readonly documents: Model<ArchiveDocumentDoc>,
    readonly packages: Model<ArchivePackageDoc>,
  ) {}

  static of(connection: Connection): ArchiveStore {
    return new ArchiveStore(archiveModel(connection), archiveDocumentModel(connection), archivePackageModel(connection));
  }

  async ensureCollections(): Promise<void> {
    for (const model of [this.archives, this.documents, this.packages]) await model.createCollection().catch(() => undefined);
    await this.archives.createIndexes();
  }

  /**
   * Keeps the uploaded document (once: a repeat finds it stored), then records the archive PENDING.
   * False when the archive exists: this document version was asked for before.
   */
  async create(doc: Omit<ArchiveDoc, 'attempts' | 'state'>, document: Uint8Array): Promise<boolean> {
    // The document first: an archive row never exists without the bytes its job needs.
    await insertOnce(this.documents, { _id: doc._id, document: Buffer.from(document) });
    return (await insertOnce(this.archives, { ...doc, state: 'PENDING', attempts: 0 })) !== undefined;
  }

  load(archiveId: string): Promise<ArchiveDoc | null> {
    return findByIdRaw<ArchiveDoc>(this.archives as never, archiveId);
  }

  /** The uploaded document, while its package is not stored yet. */
  async loadDocument(archiveId: string): Promise<Uint8Array | undefined> {
    const doc = await findByIdRaw<{ document: unknown }>(this.documents as never, archiveId);
    return doc ? new Uint8Array(bytesOf(doc.document)) : undefined;
  }

  async loadPackage(archiveId: string): Promise<ArchivePackageDoc | undefined> {
    const doc = await findByIdRaw<ArchivePackageDoc & { package: unknown }>(this.packages as never, archiveId);
    return doc ? { ...doc, package: bytesOf(doc.package) } : undefined;
  }

  /** Stores the package once: when an earlier run stored one first, it stands and is returned (one package per version, forever). */
  async savePackageOnce(file: ArchivePackageDoc): Promise<ArchivePackageDoc> {
    try {
      await this.packages.collection.insertOne(file as never);
      return file;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const stored = await this.loadPackage(file._id);
      if (stored === undefined) throw error;
      return stored;
    }
  }

  /** READY, then the uploaded copy goes: the package holds the document. */
  async markReady(archiveId: string, file: ArchivePackageDoc): Promise<void> {
    await this.archives.updateOne(
      { _id: archiveId },
      {
        $set: {
          state: 'READY',
          readyAt: file.createdAt,
          packageSm3: file.packageSm3,
          packageSize: file.package.length,
          verdict: file.verdict,
        },
        $unset: { lastError: 1 },
      },
    );
    await this.forgetDocument(archiveId);
  }

  /** Drops the uploaded copy of a packaged document (the package holds it). */
  async forgetDocument(archiveId: string): Promise<void> {
    await this.documents.deleteOne({ _id: archiveId });
  }

  /** For operators watching a stuck archive; the counter is informative only (no decision rests on it). */
  async recordFailure(archiveId: string, reason: string, final: boolean): Promise<void> {
    await this.archives.updateOne(
      { _id: archiveId },
      { $set: { lastError: reason.slice(0, 500), ...(final ? { state: 'FAILED' } : {}) }, $inc: { attempts: 1 } },
    );
  }

  /** A FAILED archive asked for again starts over as PENDING (its document is still kept). */
  async reopen(archiveId: string): Promise<void> {
    await this.archives.updateOne({ _id: archiveId }, { $set: { state: 'PENDING' } });
  }

  /** One page of archives, of one unit or of all, in `_id` order. */
  list(filter: { unitId?: string; archiveId?: string }, request: PageRequest): Promise<ListPage<ArchiveDoc>> {
    const query: Record<string, unknown> = {};
    if (filter.unitId !== undefined) query.unitId = filter.unitId;
    if (filter.archiveId !== undefined) query._id = filter.archiveId;
    return pageById(this.archives, query, request);
  }
}
