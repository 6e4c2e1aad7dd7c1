import type { Model } from 'mongoose';

/** Duplicate key on a unique index (E11000), however the driver wraps it (an insertMany reports it per document). */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; writeErrors?: Array<{ code?: unknown; err?: { code?: unknown } }> };
  return e.code === 11000 || (Array.isArray(e.writeErrors) && e.writeErrors.some((w) => w.code === 11000 || w.err?.code === 11000));
}

/**
 * Runs one unique insert: true when it inserted, false when the key was taken (by another writer, or
 * by an earlier attempt of the same write). Any other error throws.
 */
export async function insertedFirst(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
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

/**
 * Unique inserts of many documents in one unordered command (one statement on FerretDB): the `_id`s
 * this call inserted. A duplicate key is a document another writer inserted first; any other error
 * throws.
 */
export async function insertEachOnce<T extends { _id: string }>(
  model: Pick<Model<never>, 'collection'>,
  docs: readonly T[],
): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  const collection = model.collection as unknown as { insertMany(docs: readonly T[], options: { ordered: boolean }): Promise<unknown> };
  try {
    await collection.insertMany(docs, { ordered: false });
    return new Set(docs.map((d) => d._id));
  } catch (error) {
    const reported = (error as { writeErrors?: unknown }).writeErrors;
    const writeErrors = (Array.isArray(reported) ? reported : reported ? [reported] : []) as Array<{ index?: unknown; code?: unknown }>;
    if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== 11000)) throw error;
    const taken = new Set(writeErrors.map((w) => w.index));
    return new Set(docs.filter((_, i) => !taken.has(i)).map((d) => d._id));
  }
}
