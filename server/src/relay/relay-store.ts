import type { Model } from 'mongoose';
import {
  MAX_STATEMENTS_PER_WRITE,
  MONGO_POOL_SIZE,
  findByIdRaw,
  insertEachOnce,
  mapPage,
  pageById,
  type ListPage,
  type PageRequest,
} from '../store';
import type { RelayDoc } from './relay.model';
import { relayClaimId, relayClaimModel, type RelayClaimDoc } from './relay-claim.model';
import type { EvidenceEvents } from '../events';

/** The worker's relay record (worker/src/relay/ports.ts), restated structurally: the server does not import the worker. */
export interface RelayView {
  relayId: string;
  adapterId: string;
  subject: RelayDoc['subject'];
  evidence: RelayDoc['evidence'];
  state: RelayDoc['state'];
  attempts: number;
  lastError?: string;
  receipt?: RelayDoc['receipt'];
  createdAt: Date;
  submittedAt?: Date;
  confirmedAt?: Date;
}

export interface RelayFilter {
  state?: RelayDoc['state'];
  sealId?: string;
  batchId?: string;
  adapterId?: string;
}

const toView = (d: RelayDoc): RelayView => ({
  relayId: d._id,
  adapterId: d.adapterId,
  subject: d.subject,
  evidence: d.evidence,
  state: d.state,
  attempts: d.attempts,
  ...(d.lastError !== undefined ? { lastError: d.lastError } : {}),
  ...(d.receipt ? { receipt: d.receipt } : {}),
  createdAt: new Date(d.createdAt),
  ...(d.submittedAt ? { submittedAt: new Date(d.submittedAt) } : {}),
  ...(d.confirmedAt ? { confirmedAt: new Date(d.confirmedAt) } : {}),
});

const MAX_ERROR_LENGTH = 500;

interface NewRelayInput {
  relayId: string;
  adapterId: string;
  subject: RelayDoc['subject'];
  evidence: RelayDoc['evidence'];
  createdAt: Date;
}

/**
 * Relay records in MongoDB. Creation is a unique insert, and so is the right to submit in an
 * attempt (`relay_submit_claims`): BullMQ runs a job id once at a time only while its lock holds, and
 * a stalled process loses the lock. Every other write is an absolute `$set` by `_id`, harmless when
 * two runs repeat it with the same receipt.
 */
export class MongoRelayStore {
  private readonly claims: Model<RelayClaimDoc>;

  constructor(
    private readonly relays: Model<RelayDoc>,
    private readonly clock: () => Date = () => new Date(),
    /** Told before a relay is marked CONFIRMED, so a crash in between confirms (and tells) again. */
    private readonly events?: Pick<EvidenceEvents, 'relayConfirmed'>,
  ) {
    this.claims = relayClaimModel(relays.db);
  }

  /** Creates the collections up front: FerretDB races two first inserts on its CREATE TABLE. */
  async ensureCollections(): Promise<void> {
    await this.relays.createCollection().catch(() => undefined);
    await this.claims.createCollection().catch(() => undefined);
    await this.relays.createIndexes();
  }

  async claimSubmissions(claims: ReadonlyArray<{ relayId: string; attempt: number }>, at: Date): Promise<Set<string>> {
    const claimed = await insertEachOnce(
      this.claims,
      claims.map(({ relayId, attempt }) => ({ _id: relayClaimId(relayId, attempt), relayId, attempt, at })),
    );
    return new Set(claims.filter(({ relayId, attempt }) => claimed.has(relayClaimId(relayId, attempt))).map((c) => c.relayId));
  }

  async create(relay: NewRelayInput): Promise<boolean> {
    return (await this.createAll([relay])).has(relay.relayId);
  }

  /** Unique inserts in one command: the relay ids this call created. */
  async createAll(relays: readonly NewRelayInput[]): Promise<Set<string>> {
    return insertEachOnce<RelayDoc>(
      this.relays,
      relays.map((relay) => ({
        _id: relay.relayId,
        adapterId: relay.adapterId,
        subject: relay.subject,
        evidence: relay.evidence,
        state: 'PENDING' as const,
        attempts: 0,
        createdAt: relay.createdAt,
        updatedAt: relay.createdAt,
      })),
    );
  }

  async load(relayId: string): Promise<RelayView | undefined> {
    const doc = await findByIdRaw<RelayDoc>(this.relays, relayId);
    return doc ? toView(doc) : undefined;
  }

  /** `_id` lookups, MONGO_POOL_SIZE at a time: FerretDB v1 answers `$in` by reading the whole collection. */
  async loadAll(relayIds: readonly string[]): Promise<Map<string, RelayView>> {
    const found = new Map<string, RelayView>();
    const ids = [...new Set(relayIds)];
    let next = 0;
    const reader = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const doc = await findByIdRaw<RelayDoc>(this.relays, id);
        if (doc) found.set(id, toView(doc));
      }
    };
    await Promise.all(Array.from({ length: Math.min(MONGO_POOL_SIZE, ids.length) }, reader));
    return found;
  }

  async markSubmitted(relayId: string, receipt: NonNullable<RelayDoc['receipt']>, at: Date): Promise<void> {
    await this.markAllSubmitted([{ relayId, receipt }], at);
  }

  async markAllSubmitted(
    submitted: ReadonlyArray<{ relayId: string; receipt: NonNullable<RelayDoc['receipt']> }>,
    at: Date,
  ): Promise<void> {
    await this.updateEach(submitted.map(({ relayId, receipt }) => ({ relayId, set: { state: 'SUBMITTED', receipt, submittedAt: at } })));
  }

  async markConfirmed(relayId: string, at: Date): Promise<void> {
    const relay = await this.load(relayId);
    if (relay) await this.markAllConfirmed([relay], at);
  }

  /** Relays whose receipts are stored; the events hear of each first, so a crash in between confirms (and tells) again. */
  async markAllConfirmed(
    relays: ReadonlyArray<Pick<RelayView, 'relayId' | 'adapterId' | 'subject' | 'evidence' | 'receipt'>>,
    at: Date,
  ): Promise<void> {
    for (const relay of this.events ? relays : []) {
      if (!relay.receipt) continue;
      const { evidenceNumber, txHash, blockHeight, recordedAt } = relay.receipt;
      await this.events!.relayConfirmed({
        relayId: relay.relayId,
        adapterId: relay.adapterId,
        subject: relay.subject,
        sourceTxId: relay.evidence.sourceTxId,
        receipt: { evidenceNumber, txHash, blockHeight, recordedAt },
        confirmedAt: at,
      });
    }
    await this.setAll(
      relays.map((r) => r.relayId),
      { $set: { state: 'CONFIRMED', confirmedAt: at } },
    );
  }

  async markRejected(relayId: string, reason: string): Promise<void> {
    await this.markAllRejected([relayId], reason);
  }

  async markAllRejected(relayIds: readonly string[], reason: string): Promise<void> {
    await this.setAll(relayIds, { $set: { state: 'REJECTED', lastError: reason.slice(0, MAX_ERROR_LENGTH) }, $inc: { attempts: 1 } });
  }

  async markDead(relayId: string, reason: string): Promise<void> {
    await this.markAllDead([relayId], reason);
  }

  async markAllDead(relayIds: readonly string[], reason: string): Promise<void> {
    await this.setAll(relayIds, { $set: { state: 'DEAD', lastError: reason.slice(0, MAX_ERROR_LENGTH) }, $inc: { attempts: 1 } });
  }

  async recordAttemptFailure(relayId: string, reason: string): Promise<void> {
    await this.recordAttemptFailures([relayId], reason);
  }

  async recordAttemptFailures(relayIds: readonly string[], reason: string): Promise<void> {
    await this.setAll(relayIds, { $set: { lastError: reason.slice(0, MAX_ERROR_LENGTH) }, $inc: { attempts: 1 } });
  }

  /** An operator's retry of a dead letter: back to PENDING (SUBMITTED when the court already answered). */
  async reopen(relayId: string): Promise<void> {
    const doc = await this.relays.findById(relayId, { receipt: 1 }).lean<Pick<RelayDoc, 'receipt'>>();
    await this.set(relayId, { state: doc?.receipt ? 'SUBMITTED' : 'PENDING' });
  }

  async list(filter: RelayFilter, request: PageRequest): Promise<ListPage<RelayView>> {
    const query: Record<string, string> = {};
    if (filter.state) query.state = filter.state;
    if (filter.sealId) query['subject.sealId'] = filter.sealId;
    if (filter.batchId) query['subject.batchId'] = filter.batchId;
    if (filter.adapterId) query.adapterId = filter.adapterId;
    return mapPage(await pageById(this.relays, query, request), (docs) => docs.map(toView));
  }

  private async setAll(relayIds: readonly string[], update: { $set: Partial<RelayDoc>; $inc?: { attempts: number } }): Promise<void> {
    await this.updateEach(relayIds.map((relayId) => ({ relayId, set: update.$set, ...(update.$inc ? { inc: update.$inc } : {}) })));
  }

  /**
   * Updates by `_id` (FerretDB v1 answers a filter such as `$in` by reading the whole collection), in
   * commands of MAX_STATEMENTS_PER_WRITE, one after the other: several at once from every job would
   * hold FerretDB's SQLite connections until it deadlocks (write-limits.ts).
   */
  private async updateEach(updates: ReadonlyArray<{ relayId: string; set: Partial<RelayDoc>; inc?: { attempts: number } }>): Promise<void> {
    const updatedAt = this.clock();
    const operations = updates.map(({ relayId, set, inc }) => ({
      updateOne: { filter: { _id: relayId }, update: { $set: { ...set, updatedAt }, ...(inc ? { $inc: inc } : {}) } },
    }));
    for (let from = 0; from < operations.length; from += MAX_STATEMENTS_PER_WRITE) {
      await this.relays.bulkWrite(operations.slice(from, from + MAX_STATEMENTS_PER_WRITE), { ordered: false });
    }
  }

  private async set(relayId: string, fields: Partial<RelayDoc>): Promise<void> {
    await this.relays.updateOne({ _id: relayId }, { $set: { ...fields, updatedAt: this.clock() } });
  }
}
