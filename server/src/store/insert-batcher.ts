import type { mongo } from 'mongoose';

interface Pending<T> {
  doc: T;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Inserts of one collection made by concurrent requests, sent together: while `maxInFlight` inserts
 * are on their way, new documents wait and leave as one unordered insertMany when one returns. An idle
 * store sees each document at once, alone (no timer, no added latency); a busy one sees a command per
 * round trip instead of one per document. FerretDB v1 runs an insert as one statement however many
 * documents it carries (ferretdb/write-limits.ts), and each document succeeds or fails on its own.
 *
 * Each caller hears about its own document only: a duplicate `_id` rejects that caller with the
 * driver's write error (code 11000, so isDuplicateKeyError holds) and the others still resolve.
 */
export class InsertBatcher<T extends { _id: string }> {
  readonly #collection: mongo.Collection<T>;
  readonly #maxDocs: number;
  readonly #maxInFlight: number;
  #waiting: Pending<T>[] = [];
  #inFlight = 0;

  constructor(collection: mongo.Collection<T>, options: { maxDocs?: number; maxInFlight?: number } = {}) {
    this.#collection = collection;
    this.#maxDocs = options.maxDocs ?? 64;
    this.#maxInFlight = options.maxInFlight ?? 2;
  }

  insert(doc: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ doc, resolve, reject });
      this.#send();
    });
  }

  #send(): void {
    while (this.#inFlight < this.#maxInFlight && this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.#maxDocs);
      this.#inFlight++;
      void this.#insert(batch).finally(() => {
        this.#inFlight--;
        this.#send();
      });
    }
  }

  async #insert(batch: Pending<T>[]): Promise<void> {
    try {
      await this.#collection.insertMany(
        batch.map((p) => p.doc as mongo.OptionalUnlessRequiredId<T>),
        { ordered: false },
      );
      for (const p of batch) p.resolve();
    } catch (error) {
      const failed = writeErrorsByIndex(error);
      if (failed === undefined) {
        for (const p of batch) p.reject(error);
        return;
      }
      batch.forEach((p, i) => {
        const writeError = failed.get(i);
        if (writeError === undefined) p.resolve();
        else p.reject(writeError);
      });
    }
  }
}

/** The per-document errors of an unordered insertMany, by the document's index; undefined for any other failure. */
function writeErrorsByIndex(error: unknown): Map<number, unknown> | undefined {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) return undefined;
  const byIndex = new Map<number, unknown>();
  for (const w of writeErrors as Array<{ index?: unknown }>) {
    if (typeof w.index !== 'number') return undefined;
    byIndex.set(w.index, w);
  }
  return byIndex;
}
