import { randomBytes } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { GENESIS_HASH, chainEntries, type AuditEntryInput, type AuditRecord } from './audit-entry';
import { auditRecordModel } from './audit.model';
import { isDuplicateKeyError } from '../store/ferretdb';

interface Pending {
  id: string;
  input: AuditEntryInput;
  resolve(record: AuditRecord): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 200;
const MAX_ATTEMPTS = 20;

/**
 * The append-only, hash-chained audit log. Without multi-document transactions, ordering is kept by a
 * unique index on `seq`: each process has one writer that batches queued entries, chains them after the
 * head it knows, and inserts them in order. When another process got there first, the insert hits a
 * duplicate `seq`; the writer keeps whatever of its batch landed, re-reads the head and re-chains the rest.
 */
export class AuditLog {
  readonly #model: Model<AuditRecord>;
  readonly #queue: Pending[] = [];
  #head: { seq: number; hash: string } | undefined;
  #draining: Promise<void> | undefined;
  #indexed: Promise<unknown> | undefined;

  constructor(
    model: Model<AuditRecord>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#model = model;
  }

  get model(): Model<AuditRecord> {
    return this.#model;
  }

  /**
   * Resolves once the entry is stored in the chain. With `entryId` the append is idempotent: an entry
   * of that id already in the log (a step repeated after a crash) is returned instead of a second one.
   */
  append(input: AuditEntryInput, entryId?: string): Promise<AuditRecord> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: entryId ?? `audit_${randomBytes(12).toString('base64url')}`, input, resolve, reject });
      this.#draining ??= this.#drain().finally(() => (this.#draining = undefined));
    });
  }

  /** Waits until every entry queued so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const last = await this.#model.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean<AuditRecord>();
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      try {
        await this.#write(batch);
      } catch (error) {
        this.#head = undefined;
        batch.forEach((p) => p.reject(error));
      }
    }
  }

  async #write(batch: Pending[]): Promise<void> {
    // The unique index on seq is what keeps concurrent writers from forking the chain: wait for it.
    this.#indexed ??= this.#model.init().then(() => this.#model.createIndexes());
    await this.#indexed;
    let pending = batch;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && pending.length > 0; attempt++) {
      this.#head ??= await this.head();
      const records = chainEntries(this.#head, pending, this.now);
      try {
        await this.#model.insertMany(records, { ordered: true });
        this.#head = records[records.length - 1];
        pending.forEach((p, i) => p.resolve(records[i]));
        return;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Lost a race with another writer (duplicate seq), or an entry id was already written (duplicate
        // _id): settle whatever of ours is stored, then re-chain the rest on the new head.
        const landed = await this.#model.find({ _id: { $in: pending.map((p) => p.id) } }).lean<AuditRecord[]>();
        const byId = new Map(landed.map((r) => [r._id, r]));
        pending.filter((p) => byId.has(p.id)).forEach((p) => p.resolve(byId.get(p.id)!));
        pending = pending.filter((p) => !byId.has(p.id));
        this.#head = await this.head();
      }
    }
    if (pending.length > 0) throw new Error(`audit append lost ${MAX_ATTEMPTS} races in a row`);
  }
}

const LOGS = new WeakMap<Connection, AuditLog>();

/**
 * The one AuditLog of a connection, so every writer in the process (the HTTP audit trail, the
 * lifecycle's recordAudit) shares one queue and one head instead of racing each other.
 */
export function auditLogFor(connection: Connection): AuditLog {
  let log = LOGS.get(connection);
  if (!log) {
    log = new AuditLog(auditRecordModel(connection));
    LOGS.set(connection, log);
  }
  return log;
}
