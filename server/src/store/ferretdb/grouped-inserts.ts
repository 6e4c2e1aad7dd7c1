import type { mongo } from 'mongoose';
import { answerWithin, STORE_ANSWER_DEADLINE_MS } from '../answer-within';
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
 * - the store did not answer (the connection or server selection failed; FerretDB also drops the
 *   connection on a document it cannot take): every caller of the group gets the driver's network
 *   error, a 503 to retry, as each would have got alone. Re-sending one by one would only wait out
 *   the outage once more per document;
 * - the store refused the command as a whole: each document is sent again alone, for its own answer.
 * A group the store has not answered within STORE_ANSWER_DEADLINE_MS fails with DEPENDENCY_UNAVAILABLE,
 * so one hung command does not hold every later insert of the process behind it.
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
        // A caller already answered ignores a later reject: this only reaches those still waiting.
        await answerWithin(this.#send(group), this.deadlineMs).catch((error: unknown) => group.forEach((w) => w.reject(error)));
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
          else w.reject(Object.assign(new Error(failure.errmsg ?? 'insert failed', { cause: error }), { code: failure.code }));
        }
        return;
      }
      const unanswered = unansweredCause(error);
      if (unanswered !== undefined) {
        for (const w of group) w.reject(unanswered);
        return;
      }
      await Promise.all(group.map((w) => this.#sendAlone(w)));
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
 * The driver's own error when the store never answered the command: the driver wraps what it threw
 * (a network error, a failed server selection, a cleared pool) as the `errorResponse` of its bulk
 * error, where an answer of the store is a plain document. A thrown error that is no bulk error at
 * all never reached the store either.
 */
function unansweredCause(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || !('errorResponse' in error)) return error;
  const response = (error as { errorResponse?: unknown }).errorResponse;
  return response instanceof Error ? response : undefined;
}
