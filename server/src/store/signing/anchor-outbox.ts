import type { mongo } from 'mongoose';
import type { AnchorPendingDoc, AnchorResultDoc, PinnedCandidate } from './anchor-outbox.model';
import type { SigningRecordDoc } from './signing-record.model';
import type { SigningStore } from './signing-store';
import type { AnchoredSignature, EvidenceEvents } from '../../events';

/** Shapes of the worker's anchor ports, restated here (structurally equal) so the server need not import the worker. */
export type OutboxCandidate = PinnedCandidate;

/** The outbox row of a record just signed: what the ledger entry needs. */
export function anchorPendingRow(
  record: Pick<
    SigningRecordDoc,
    '_id' | 'sealCode' | 'signedAt' | 'signatureSm3' | 'documentSm3After' | 'unitId' | 'sealId' | 'documentSm3Before'
  >,
): AnchorPendingDoc {
  return {
    _id: record._id,
    sealCode: record.sealCode,
    signedAt: record.signedAt,
    signatureSm3: record.signatureSm3,
    documentSm3: record.documentSm3After,
    unitId: record.unitId,
    sealId: record.sealId,
    documentSm3Before: record.documentSm3Before,
  };
}

const toCandidate = (row: AnchorPendingDoc): OutboxCandidate => ({
  recordId: row._id,
  sealCode: row.sealCode,
  signedAt: new Date(row.signedAt),
  signatureSm3: row.signatureSm3,
  documentSm3: row.documentSm3,
  ...(row.unitId && row.sealId && row.documentSm3Before
    ? { unitId: row.unitId, sealId: row.sealId, documentSm3Before: row.documentSm3Before }
    : {}),
});

/** The record facts a pinned candidate carries (rows from before they were added carry none). */
function anchoredSignatureOf(c: OutboxCandidate): AnchoredSignature | undefined {
  if (!c.unitId || !c.sealId || !c.documentSm3Before) return undefined;
  return {
    _id: c.recordId,
    unitId: c.unitId,
    sealId: c.sealId,
    sealCode: c.sealCode,
    signedAt: new Date(c.signedAt),
    documentSm3After: c.documentSm3,
    documentSm3Before: c.documentSm3Before,
  };
}

/** Duplicate key (E11000), alone or as every write error of an unordered insert. */
export function onlyDuplicateKeys(error: unknown): boolean {
  const e = error as { code?: unknown; writeErrors?: Array<{ code?: unknown }> } | null;
  if (typeof e !== 'object' || e === null) return false;
  if (Array.isArray(e.writeErrors) && e.writeErrors.length > 0) return e.writeErrors.every((w) => w.code === 11000);
  return e.code === 11000;
}

/**
 * The anchoring outbox (anchor-outbox.model.ts). Anchor runs never overlap (the anchor queue runs
 * one job at a time), and every step is one write a re-run repeats harmlessly: results are
 * insert-only and the first one stored wins, since a batch id always stands for the same members.
 * Order matters for recovery: each signature's batch by hash first, results next, then the outbox rows, then the pin, so a batch whose
 * results are partly stored is still pinned and is finished, as built, by the next run.
 */
export class MongoAnchorOutbox {
  constructor(
    private readonly store: Pick<SigningStore, 'anchorPending' | 'anchorBatches' | 'anchorResults' | 'anchoredSignatures'>,
    /** Told once results are stored and before the batch is unpinned, so a crash in between tells them again. */
    private readonly events?: Pick<EvidenceEvents, 'signaturesAnchored'>,
  ) {}

  /** Records waiting for the ledger, oldest first, leaving out those pinned to an unfinished batch. */
  async pending(limit: number): Promise<OutboxCandidate[]> {
    const pinned = new Set((await this.pinnedBatches()).flatMap((b) => b.candidates.map((c) => c.recordId)));
    const rows = await this.pendingRows()
      .find({})
      .sort({ signedAt: 1, _id: 1 })
      .limit(limit + pinned.size)
      .toArray();
    return rows
      .filter((row) => !pinned.has(row._id))
      .slice(0, limit)
      .map(toCandidate);
  }

  /** Pins a batch as built before its ledger call; pinning the same batch again is a no-op. */
  async pinBatch(batchId: string, candidates: readonly OutboxCandidate[], now: Date): Promise<void> {
    try {
      await this.batches().insertOne({ _id: batchId, candidates: [...candidates], pinnedAt: now });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }

  /** Batches pinned and not fully stored: a run died or failed after pinning them. Oldest first. */
  async unfinishedBatches(limit: number): Promise<Array<{ batchId: string; candidates: OutboxCandidate[] }>> {
    return this.pinnedBatches(limit);
  }

  /** The members of a pinned batch ([] when it is not pinned: fully stored, or not ours). */
  async batchMembers(batchId: string): Promise<OutboxCandidate[]> {
    const batch = await this.batches().findOne({ _id: batchId });
    return batch ? batch.candidates.map(reviveCandidate) : [];
  }

  async markAnchored(
    facts: { batchId: string; root: string; treeSize: number; txId: string; anchoredAt: Date },
    leaves: ReadonlyArray<{ recordId: string; leafIndex: number; proof: string[] }>,
  ): Promise<void> {
    // The signatures' batches are stored before the results: a record whose result says ANCHORED always
    // has its signature findable by hash (batchOfSignature), even after a crash between the two.
    // The pinned batch (one `_id` read) carries each record's signature hash and what listeners need.
    const pinned = await this.batches().findOne({ _id: facts.batchId });
    await this.storeSignatureBatches(facts.batchId, pinned?.candidates ?? []);
    const storedAt = new Date();
    await this.storeResults(
      leaves.map((leaf) => ({
        _id: leaf.recordId,
        state: 'ANCHORED',
        batchId: facts.batchId,
        leafIndex: leaf.leafIndex,
        proof: leaf.proof,
        treeSize: facts.treeSize,
        root: facts.root,
        txId: facts.txId,
        anchoredAt: facts.anchoredAt,
        storedAt,
      })),
    );
    if (this.events) {
      const signatures = (pinned?.candidates ?? []).flatMap((c) => anchoredSignatureOf(c) ?? []);
      await this.events.signaturesAnchored({ ...facts, recordIds: leaves.map((leaf) => leaf.recordId), signatures });
    }
    await this.dropPending(leaves.map((leaf) => leaf.recordId));
    await this.batches().deleteOne({ _id: facts.batchId });
  }

  /** The ledger refused these (seal not active at signing time): final, kept for the audit. */
  async markRejected(recordIds: readonly string[], reason: string): Promise<void> {
    const storedAt = new Date();
    await this.storeResults(recordIds.map((id) => ({ _id: id, state: 'REJECTED', reason, storedAt })));
    await this.dropPending(recordIds);
  }

  /** The batch could not be anchored as built: unpinned, its remaining records are batched again. */
  async releaseBatch(batchId: string): Promise<void> {
    await this.batches().deleteOne({ _id: batchId });
  }

  /** How many records wait for the ledger, for metrics and tests. */
  async backlog(): Promise<number> {
    return this.pendingRows().countDocuments({});
  }

  /** One insert command of every result (one statement on FerretDB, whatever its size). */
  private async storeResults(results: AnchorResultDoc[]): Promise<void> {
    if (results.length === 0) return;
    try {
      await this.results().insertMany(results, { ordered: false });
    } catch (error) {
      // The ledger-event consumer stores the same batch: whichever lands first is the same result.
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }

  /** Each signature's batch under its SM3 (anchor-status.ts `batchOfSignature`); one insert command, a repeat changes nothing. */
  private async storeSignatureBatches(batchId: string, candidates: readonly OutboxCandidate[]): Promise<void> {
    if (candidates.length === 0) return;
    try {
      await this.store.anchoredSignatures.collection.insertMany(
        candidates.map((c) => ({ _id: c.signatureSm3 as never, recordId: c.recordId, batchId })),
        { ordered: false },
      );
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }

  /** One delete command; it scans only the outbox, which holds just the backlog. */
  private async dropPending(recordIds: readonly string[]): Promise<void> {
    if (recordIds.length > 0) await this.pendingRows().deleteMany({ _id: { $in: [...recordIds] } });
  }

  private async pinnedBatches(limit = 0): Promise<Array<{ batchId: string; candidates: OutboxCandidate[] }>> {
    const batches = await this.batches().find({}).sort({ pinnedAt: 1 }).limit(limit).toArray();
    return batches.map((b) => ({ batchId: b._id, candidates: b.candidates.map(reviveCandidate) }));
  }

  private pendingRows(): mongo.Collection<AnchorPendingDoc> {
    return this.store.anchorPending.collection as unknown as mongo.Collection<AnchorPendingDoc>;
  }
  private batches(): mongo.Collection<{ _id: string; candidates: OutboxCandidate[]; pinnedAt: Date }> {
    return this.store.anchorBatches.collection as unknown as mongo.Collection<{
      _id: string;
      candidates: OutboxCandidate[];
      pinnedAt: Date;
    }>;
  }
  private results(): mongo.Collection<AnchorResultDoc> {
    return this.store.anchorResults.collection as unknown as mongo.Collection<AnchorResultDoc>;
  }
}

const reviveCandidate = (c: OutboxCandidate): OutboxCandidate => ({ ...c, signedAt: new Date(c.signedAt) });
