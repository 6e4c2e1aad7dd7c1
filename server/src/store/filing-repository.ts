import type { Model } from 'mongoose';
import { insertOnce } from './ferretdb';
import type { FilingDoc } from './filing.model';

/** A filing to store; `record` is the exact record sent to public security (the adapter's typed record). */
export type NewFiling = Omit<FilingDoc, 'createdAt' | 'updatedAt' | 'ackId' | 'filedAt' | 'lastError' | 'record'> & { record: object };

/** The `filings` collection: one document per filing with public security, the exact record sent and its answer. */
export interface FilingRepository {
  /**
   * Writes the filing, keyed by its id: false when it is already written (by an earlier attempt, or at
   * this moment by the ledger event consumer repairing the same filing). An upsert is not atomic on
   * FerretDB v1; the insert is the claim.
   */
  open(filing: NewFiling): Promise<boolean>;
  byId(filingId: string): Promise<FilingDoc | null>;
  /** Whether an earlier filing of the seal (by sequence) is not acknowledged yet. */
  hasUnacknowledgedBefore(sealId: string, sequence: number): Promise<boolean>;
  /** Stores public security's acknowledgement; the filing as stored now, null when there is none. */
  markAcknowledged(filingId: string, ack: { ackId: string; filedAt: string }): Promise<FilingDoc | null>;
  /** Stores public security's refusal; the filing as stored now, null when there is none. */
  markFailed(filingId: string, reason: string): Promise<FilingDoc | null>;
  /** Another failed attempt to reach public security; the filing stays PENDING. */
  noteAttemptFailure(filingId: string, reason: string): Promise<void>;
  /** The seal's filings in their order. */
  ofSeal(sealId: string): Promise<FilingDoc[]>;
}

export function filingRepository(filings: Model<FilingDoc>): FilingRepository {
  return {
    open: async ({ record, ...filing }) => (await insertOnce(filings, { ...filing, record: { ...record } })) !== undefined,
    byId: (filingId) => filings.findById(filingId).lean<FilingDoc>().exec(),
    async hasUnacknowledgedBefore(sealId, sequence) {
      return (await filings.exists({ sealId, sequence: { $lt: sequence }, state: { $ne: 'ACKED' } }).exec()) !== null;
    },
    markAcknowledged: (filingId, ack) =>
      filings
        .findOneAndUpdate(
          { _id: filingId },
          { $set: { state: 'ACKED', ackId: ack.ackId, filedAt: ack.filedAt }, $unset: { lastError: 1 } },
          { new: true },
        )
        .lean<FilingDoc>()
        .exec(),
    markFailed: (filingId, reason) =>
      filings
        .findOneAndUpdate({ _id: filingId }, { $set: { state: 'FAILED', lastError: reason } }, { new: true })
        .lean<FilingDoc>()
        .exec(),
    // `$inc` is fine here: a lost increment under a race only undercounts attempts.
    async noteAttemptFailure(filingId, reason) {
      await filings.updateOne({ _id: filingId }, { $set: { lastError: reason }, $inc: { attempts: 1 } }).exec();
    },
    ofSeal: (sealId) => filings.find({ sealId }).sort({ sequence: 1 }).lean<FilingDoc[]>().exec(),
  };
}
