import type { Model } from 'mongoose';
import type { SigningRecordDoc } from './signing-record.model';

/** Shapes of the worker's anchor ports, restated here (structurally equal) so the server need not import the worker. */
export interface OutboxCandidate {
  recordId: string;
  sealCode: string;
  signedAt: Date;
  signatureSm3: string;
  documentSm3: string;
}

type CandidateFields = Pick<SigningRecordDoc, '_id' | 'sealCode' | 'signedAt' | 'signatureSm3' | 'documentSm3After'>;

const toCandidate = (r: CandidateFields): OutboxCandidate => ({
  recordId: r._id, sealCode: r.sealCode, signedAt: new Date(r.signedAt), signatureSm3: r.signatureSm3, documentSm3: r.documentSm3After,
});
const CANDIDATE_FIELDS = { _id: 1, sealCode: 1, signedAt: 1, signatureSm3: 1, documentSm3After: 1 } as const;

/**
 * The anchoring outbox over the signing records. Claims are conditional updates on the state, so two
 * anchor runs never take the same record; FerretDB has no transactions, so every step is one write
 * that a re-run can repeat.
 */
export class MongoAnchorOutbox {
  constructor(private readonly records: Model<SigningRecordDoc>) {}

  async claim(claimId: string, limit: number, now: Date): Promise<OutboxCandidate[]> {
    const pending = await this.records.find({ 'anchor.state': 'PENDING' }, { _id: 1 }).sort({ signedAt: 1 }).limit(limit).lean<Array<{ _id: string }>>();
    if (pending.length === 0) return [];
    await this.records.updateMany(
      { _id: { $in: pending.map((p) => p._id) }, 'anchor.state': 'PENDING' },
      { $set: { 'anchor.state': 'CLAIMED', 'anchor.claimId': claimId, 'anchor.claimedAt': now }, $inc: { 'anchor.attempts': 1 } },
    );
    // Another run may have won some of them: only what carries our claim id is ours.
    const claimed = await this.records.find({ 'anchor.claimId': claimId, 'anchor.state': 'CLAIMED' }, CANDIDATE_FIELDS).lean<CandidateFields[]>();
    return claimed.map(toCandidate);
  }

  async assignBatch(claimId: string, batchId: string): Promise<void> {
    await this.records.updateMany({ 'anchor.claimId': claimId, 'anchor.state': 'CLAIMED' }, { $set: { 'anchor.batchId': batchId } });
  }

  async unfinishedBatches(staleBefore: Date, limit: number): Promise<Array<{ batchId: string; candidates: OutboxCandidate[] }>> {
    const stale = await this.records
      .find({ 'anchor.state': 'CLAIMED', 'anchor.batchId': { $exists: true }, 'anchor.claimedAt': { $lt: staleBefore } }, { 'anchor.batchId': 1 })
      .limit(limit * 10)
      .lean<Array<{ anchor: { batchId: string } }>>();
    const batchIds = [...new Set(stale.map((r) => r.anchor.batchId))].slice(0, limit);
    const out: Array<{ batchId: string; candidates: OutboxCandidate[] }> = [];
    for (const batchId of batchIds) {
      const members = await this.records.find({ 'anchor.batchId': batchId, 'anchor.state': 'CLAIMED' }, CANDIDATE_FIELDS).lean<CandidateFields[]>();
      if (members.length > 0) out.push({ batchId, candidates: members.map(toCandidate) });
    }
    return out;
  }

  async releaseStaleClaims(staleBefore: Date): Promise<number> {
    const result = await this.records.updateMany(
      { 'anchor.state': 'CLAIMED', 'anchor.batchId': { $exists: false }, 'anchor.claimedAt': { $lt: staleBefore } },
      { $set: { 'anchor.state': 'PENDING' }, $unset: { 'anchor.claimId': 1, 'anchor.claimedAt': 1 } },
    );
    return result.modifiedCount;
  }

  async markAnchored(
    facts: { batchId: string; root: string; treeSize: number; txId: string; anchoredAt: Date },
    leaves: ReadonlyArray<{ recordId: string; leafIndex: number; proof: string[] }>,
  ): Promise<void> {
    // One write per record: each carries its own leaf index and proof.
    await this.records.bulkWrite(
      leaves.map((leaf) => ({
        updateOne: {
          filter: { _id: leaf.recordId, 'anchor.batchId': facts.batchId },
          update: {
            $set: {
              'anchor.state': 'ANCHORED', 'anchor.leafIndex': leaf.leafIndex, 'anchor.proof': leaf.proof, 'anchor.treeSize': facts.treeSize,
              'anchor.root': facts.root, 'anchor.txId': facts.txId, 'anchor.anchoredAt': facts.anchoredAt,
            },
            $unset: { 'anchor.lastError': 1 },
          },
        },
      })),
      { ordered: false },
    );
  }

  async markRejected(recordIds: readonly string[], reason: string): Promise<void> {
    await this.records.updateMany(
      { _id: { $in: [...recordIds] }, 'anchor.state': { $in: ['PENDING', 'CLAIMED'] } },
      { $set: { 'anchor.state': 'REJECTED', 'anchor.lastError': reason }, $unset: { 'anchor.batchId': 1, 'anchor.claimId': 1 } },
    );
  }

  async releaseBatch(batchId: string, error: string): Promise<void> {
    await this.records.updateMany(
      { 'anchor.batchId': batchId, 'anchor.state': 'CLAIMED' },
      { $set: { 'anchor.state': 'PENDING', 'anchor.lastError': error }, $unset: { 'anchor.batchId': 1, 'anchor.claimId': 1, 'anchor.claimedAt': 1 } },
    );
  }

  /** How many records still wait (pending or claimed), for metrics and tests. */
  async backlog(): Promise<number> {
    return this.records.countDocuments({ 'anchor.state': { $in: ['PENDING', 'CLAIMED'] } });
  }
}
