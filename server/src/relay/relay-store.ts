import type { Model } from 'mongoose';
import { MAX_STATEMENTS_PER_WRITE, findByIdRaw, insertEachOnce, mapPage, pageById, type ListPage, type PageRequest } from '../store';
import type { RelayDoc } from './relay.model';
import { relayClaimId, relayClaimModel, type RelayClaimDoc } from './relay-claim.model';
import type { EvidenceEvents } from '../events';
import { RelayFacts, currentRelay, eachById } from './relay-state';
import { relayGroupModel, type RelayGroupDoc } from './relay-group.model';

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
 * a stalled process loses the lock. Progress is inserted facts (relay-facts.model.ts): a group's
 * receipts are one insert and its confirmations another, and the state is derived when read
 * (currentRelay), so it only moves forward. Failures (attempts, last error, REJECTED, DEAD) are
 * `$set`s of the record by `_id`: rare, and overruled by a confirmation.
 */
export class MongoRelayStore {
  private readonly claims: Model<RelayClaimDoc>;
  private readonly facts: RelayFacts;
  private readonly groups: Model<RelayGroupDoc>;

  constructor(
    private readonly relays: Model<RelayDoc>,
    private readonly clock: () => Date = () => new Date(),
    /** Told before a relay is marked CONFIRMED, so a crash in between confirms (and tells) again. */
    private readonly events?: Pick<EvidenceEvents, 'relayConfirmed'>,
  ) {
    this.claims = relayClaimModel(relays.db);
    this.facts = RelayFacts.of(relays.db);
    this.groups = relayGroupModel(relays.db);
  }

  /** Creates the collections up front: FerretDB races two first inserts on its CREATE TABLE. */
  async ensureCollections(): Promise<void> {
    await this.relays.createCollection().catch(() => undefined);
    await this.claims.createCollection().catch(() => undefined);
    await this.facts.ensureCollections();
    await this.groups.createCollection().catch(() => undefined);
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
    return (await this.loadAll([relayId])).get(relayId);
  }

  /** Each relay as it stands: its record and its two facts, three `_id` lookups (FerretDB v1 answers `$in` by reading the whole collection). */
  async loadAll(relayIds: readonly string[]): Promise<Map<string, RelayView>> {
    const read = await eachById(relayIds, (id) =>
      Promise.all([findByIdRaw<RelayDoc>(this.relays, id), this.facts.receiptOf(id), this.facts.confirmationOf(id)]),
    );
    const found = new Map<string, RelayView>();
    for (const [id, [record, receipt, confirmation]] of read)
      if (record) found.set(id, toView(currentRelay(record, receipt, confirmation)));
    return found;
  }

  /** One insert: the group's relays as dispatched, for its job's first run (a repeat keeps the first). */
  async recordGroup(groupId: string, relays: readonly NewRelayInput[], at: Date): Promise<void> {
    await insertEachOnce<RelayGroupDoc>(this.groups, [
      {
        _id: groupId,
        relays: relays.map((r) => ({
          _id: r.relayId,
          adapterId: r.adapterId,
          subject: r.subject,
          evidence: r.evidence,
          createdAt: r.createdAt,
        })),
        at,
      },
    ]);
  }

  /** A group's relays as dispatched (PENDING, attempt 0): one `_id` lookup; undefined when it was not recorded. */
  async loadGroup(groupId: string): Promise<Map<string, RelayView> | undefined> {
    const group = await findByIdRaw<RelayGroupDoc>(this.groups, groupId);
    if (!group) return undefined;
    return new Map(group.relays.map((r) => [r._id, toView({ ...r, state: 'PENDING', attempts: 0, updatedAt: r.createdAt })] as const));
  }

  /** As loadAll, but a relay at attempt 0 is its record alone (RelayStorePort.loadForRun says why that is safe). */
  async loadForRun(relayIds: readonly string[]): Promise<Map<string, RelayView>> {
    const read = await eachById(relayIds, async (id) => {
      const record = await findByIdRaw<RelayDoc>(this.relays, id);
      if (!record || record.attempts === 0) return record && currentRelay(record);
      return currentRelay(record, ...(await Promise.all([this.facts.receiptOf(id), this.facts.confirmationOf(id)])));
    });
    const found = new Map<string, RelayView>();
    for (const [id, relay] of read) if (relay) found.set(id, toView(relay));
    return found;
  }

  async markSubmitted(relayId: string, receipt: NonNullable<RelayDoc['receipt']>, at: Date): Promise<void> {
    await this.markAllSubmitted([{ relayId, receipt }], at);
  }

  /** The relay ids whose receipt this call stored; the others keep the receipt stored first. */
  async markAllSubmitted(
    submitted: ReadonlyArray<{ relayId: string; receipt: NonNullable<RelayDoc['receipt']> }>,
    at: Date,
  ): Promise<ReadonlySet<string>> {
    return this.facts.recordReceipts(submitted, at);
  }

  async markConfirmed(relayId: string, at: Date): Promise<void> {
    const relay = await this.load(relayId);
    if (relay) await this.markAllConfirmed([relay], at);
  }

  /**
   * Relays whose receipts are stored, confirmed in one insert; the events hear of each first, so a
   * crash in between confirms (and tells) again.
   */
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
    await this.facts.recordConfirmations(
      relays.map((r) => r.relayId),
      at,
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

  /** An operator's retry of a dead letter: back to PENDING (read as SUBMITTED when the court already answered). */
  async reopen(relayId: string): Promise<void> {
    await this.set(relayId, { state: 'PENDING' });
  }

  /**
   * A page of relays as they stand. REJECTED and DEAD are on the record, so that filter is the
   * store's; PENDING, SUBMITTED and CONFIRMED are derived, so a page of the other filters is read and
   * the relays in another state are left out of it (a page may hold fewer than asked; its cursor
   * goes on).
   */
  async list(filter: RelayFilter, request: PageRequest): Promise<ListPage<RelayView>> {
    const query: Record<string, unknown> = {};
    if (filter.state === 'REJECTED' || filter.state === 'DEAD') query.state = filter.state;
    else if (filter.state) query.state = { $nin: ['REJECTED', 'DEAD'] };
    if (filter.sealId) query['subject.sealId'] = filter.sealId;
    if (filter.batchId) query['subject.batchId'] = filter.batchId;
    if (filter.adapterId) query.adapterId = filter.adapterId;
    const page = await pageById(this.relays, query, request);
    const current = await this.facts.current(page.items);
    return mapPage({ ...page, items: current }, (docs) => docs.filter((d) => !filter.state || d.state === filter.state).map(toView));
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
