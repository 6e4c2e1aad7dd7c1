import type { Model } from 'mongoose';

/** Duplicate key on a unique index (E11000), however the driver wraps it (an insertMany reports it per document). */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; writeErrors?: Array<{ code?: unknown; err?: { code?: unknown } }> };
  return e.code === 11000 || (Array.isArray(e.writeErrors) && e.writeErrors.some((w) => w.code === 11000 || w.err?.code === 11000));
}

/**
 * Inserts `doc` unless a document with one of its unique keys exists: the stored document (with its
 * timestamps) when this call inserted it, undefined when another one holds the key. The store's one
 * compare-and-set: FerretDB v1 has no atomic `$inc` or filtered update under concurrency, so anything
 * that must happen once is the insert of a unique key (usually `_id`).
 */
export async function insertOnce<T>(model: Model<T>, doc: Partial<T>): Promise<T | undefined> {
  try {
    return (await model.create(doc)).toObject() as T;
  } catch (error) {
    if (isDuplicateKeyError(error)) return undefined;
    throw error;
  }
}
