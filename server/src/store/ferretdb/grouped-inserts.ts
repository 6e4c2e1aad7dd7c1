import { mongo } from 'mongoose';
import { STORE_ANSWER_DEADLINE_MS, waitAtMost } from '../answer-within';
import { isDuplicateKeyError } from './unique-insert';

interface Waiting<T> {
  doc: T;
  resolve(inserted: boolean): void;
  reject(error: unknown): void;
}

interface WriteError {
  index: number;
  code?: number;
  errmsg?: string;
}

/**
 * Unique inserts into one collection, sent together: while one insertMany is on its way, the
 * documents that arrive meanwhile wait and go in the next one (group commit). An idle collection
 * sends a document at once, so nothing waits on a timer; under load the documents of concurrent
 * requests share one command. On FerretDB an insert of one document costs ~0.7 ms of its CPU and
 * ~0.4 ms of ours, while a command of 16 costs ~0.14 and ~0.06 ms per document: on the signing path
 * (an outbox row and a record per signing) that is most of what the store costs.
 *
 * Each caller learns the fate of its own document, as from `insertedFirst`: true when it went in,
 * false when its `_id` was there already (an earlier attempt's, or another document of the same
 * group), and any other failure as an error:
 * - the store answered per document (an unordered insert tries them all): each caller its answer;
 * - the store could not be reached (the connection or server selection failed; FerretDB also drops
 *   the connection on a document it cannot take): every caller of the group gets the driver's network
 *   error, a 503 to retry, as each would have got alone. Re-sending one by one would only wait out
 *   the outage once more per document;
 * - anything else (the store refused the command as a whole, the driver refused a document before
 *   sending): each document is sent again alone, one after another, for its own answer.
 * A group the store has not answered within STORE_ANSWER_DEADLINE_MS stops holding the queue: the
 * next group goes, while its own callers keep waiting for their real answer, as a single insert's
 * caller would. Failing them at the deadline could tell a signing "not stored" of a row that commits
 * a moment later, and the signing would give its approval back for a signature that counts.
 */
export class GroupedInserts<T extends { _id: string }> {
  readonly #waiting: Waiting<T>[] = [];
  #sending = false;

  constructor(
    private readonly collection: mongo.Collection<T>,
    /** Documents per command: one statement for FerretDB however many (write-limits.ts), far below the wire limits. */
    private readonly maxDocuments = 64,
    private readonly deadlineMs = STORE_ANSWER_DEADLINE_MS,
  ) {}

  insert(doc: T): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.#waiting.push({ doc, resolve, reject });
      if (!this.#sending) void this.#sendWhileWaiting();
    });
  }

  async #sendWhileWaiting(): Promise<void> {
    this.#sending = true;
    try {
      while (this.#waiting.length > 0) {
        const group = this.#waiting.splice(0, this.maxDocuments);
        // #send answers every caller itself; this only catches a failure of its own (a caller already
        // answered ignores a later reject).
        const sent = this.#send(group).catch((error: unknown) => group.forEach((w) => w.reject(error)));
        await waitAtMost(sent, this.deadlineMs);
      }
    } finally {
      this.#sending = false;
    }
  }

  async #send(group: Waiting<T>[]): Promise<void> {
    if (group.length === 1) return this.#sendAlone(group[0]!);
    try {
      await this.collection.insertMany(
        group.map((w) => w.doc as mongo.OptionalUnlessRequiredId<T>),
        { ordered: false },
      );
      for (const w of group) w.resolve(true);
    } catch (error) {
      const failures = perDocumentFailures(error, group.length);
      if (failures !== undefined) {
        for (const [index, w] of group.entries()) {
          const failure = failures.get(index);
          if (failure === undefined) w.resolve(true);
          else if (failure.code === 11000) w.resolve(false);
          // Its own write error only: the bulk error also holds the other callers' documents.
          else w.reject(Object.assign(new Error(failure.errmsg ?? 'insert failed', { cause: failure }), { code: failure.code }));
        }
        return;
      }
      const unreachable = unreachableCause(error);
      if (unreachable !== undefined) {
        for (const w of group) w.reject(unreachable);
        return;
      }
      // One after another: a document that makes the store drop the connection must not fail the
      // others' inserts waiting on the pool it clears.
      for (const w of group) await this.#sendAlone(w);
    }
  }

  async #sendAlone(w: Waiting<T>): Promise<void> {
    try {
      await this.collection.insertOne(w.doc as mongo.OptionalUnlessRequiredId<T>);
      w.resolve(true);
    } catch (error) {
      if (isDuplicateKeyError(error)) w.resolve(false);
      else w.reject(error);
    }
  }
}

/**
 * The failed documents by index, when the store answered for each document; undefined when the
 * command failed as a whole, with no such answer.
 */
function perDocumentFailures(error: unknown, groupSize: number): Map<number, WriteError> | undefined {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) return undefined;
  const failures = new Map<number, WriteError>();
  for (const w of writeErrors as Array<Partial<WriteError> | null>) {
    const index = w?.index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= groupSize) return undefined;
    failures.set(index, w as WriteError);
  }
  return failures;
}

/**
 * The driver's error when the store could not be reached: a network error (a cleared pool is one),
 * a failed server selection, a closed client. The bulk error of insertMany wraps what the driver
 * threw as its `errorResponse` (MongoBulkWriteError's constructor copies the inner error's fields,
 * so for a refusal the store answered it is the store's plain answer document instead; a test on the
 * real store pins this). Undefined for anything else.
 */
function unreachableCause(error: unknown): Error | undefined {
  const inner =
    typeof error === 'object' && error !== null && 'errorResponse' in error ? (error as { errorResponse?: unknown }).errorResponse : error;
  return inner instanceof mongo.MongoNetworkError ||
    inner instanceof mongo.MongoServerSelectionError ||
    inner instanceof mongo.MongoNotConnectedError ||
    inner instanceof mongo.MongoTopologyClosedError
    ? inner
    : undefined;
}
