import type { Model } from 'mongoose';
import { isDuplicateKeyError, mapPage, pageById, type ListPage, type PageRequest } from '../store';
import type { RelayDoc } from './relay.model';
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

/**
 * Relay records in MongoDB. Creation is a unique insert (whatever must happen once); every later
 * write is by `_id` from the one job that owns the relay (BullMQ runs a job id at most once at a
 * time), so no filtered update has to win a race.
 */
export class MongoRelayStore {
  constructor(
    private readonly relays: Model<RelayDoc>,
    private readonly clock: () => Date = () => new Date(),
    /** Told before a relay is marked CONFIRMED, so a crash in between confirms (and tells) again. */
    private readonly events?: Pick<EvidenceEvents, 'relayConfirmed'>,
  ) {}

  async create(relay: {
    relayId: string;
    adapterId: string;
    subject: RelayDoc['subject'];
    evidence: RelayDoc['evidence'];
    createdAt: Date;
  }): Promise<boolean> {
    try {
      await this.relays.create({
        _id: relay.relayId,
        adapterId: relay.adapterId,
        subject: relay.subject,
        evidence: relay.evidence,
        state: 'PENDING',
        attempts: 0,
        createdAt: relay.createdAt,
        updatedAt: relay.createdAt,
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async load(relayId: string): Promise<RelayView | undefined> {
    const doc = await this.relays.findById(relayId).lean<RelayDoc>();
    return doc ? toView(doc) : undefined;
  }

  async markSubmitted(relayId: string, receipt: NonNullable<RelayDoc['receipt']>, at: Date): Promise<void> {
    await this.set(relayId, { state: 'SUBMITTED', receipt, submittedAt: at });
  }

  async markConfirmed(relayId: string, at: Date): Promise<void> {
    const relay = this.events ? await this.relays.findById(relayId).lean<RelayDoc>() : null;
    if (relay?.receipt) {
      const { evidenceNumber, txHash, blockHeight, recordedAt } = relay.receipt;
      await this.events!.relayConfirmed({
        relayId,
        adapterId: relay.adapterId,
        subject: relay.subject,
        sourceTxId: relay.evidence.sourceTxId,
        receipt: { evidenceNumber, txHash, blockHeight, recordedAt },
        confirmedAt: at,
      });
    }
    await this.set(relayId, { state: 'CONFIRMED', confirmedAt: at });
  }

  async markRejected(relayId: string, reason: string): Promise<void> {
    await this.relays.updateOne(
      { _id: relayId },
      { $set: { state: 'REJECTED', lastError: reason.slice(0, MAX_ERROR_LENGTH), updatedAt: this.clock() }, $inc: { attempts: 1 } },
    );
  }

  async markDead(relayId: string, reason: string): Promise<void> {
    await this.relays.updateOne(
      { _id: relayId },
      { $set: { state: 'DEAD', lastError: reason.slice(0, MAX_ERROR_LENGTH), updatedAt: this.clock() }, $inc: { attempts: 1 } },
    );
  }

  async recordAttemptFailure(relayId: string, reason: string): Promise<void> {
    await this.relays.updateOne(
      { _id: relayId },
      { $set: { lastError: reason.slice(0, MAX_ERROR_LENGTH), updatedAt: this.clock() }, $inc: { attempts: 1 } },
    );
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

  private async set(relayId: string, fields: Partial<RelayDoc>): Promise<void> {
    await this.relays.updateOne({ _id: relayId }, { $set: { ...fields, updatedAt: this.clock() } });
  }
}
