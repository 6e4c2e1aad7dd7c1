import { randomUUID } from 'node:crypto';
import { isSealError } from '@eseal/core';
import { buildBatch, type BuiltBatch } from './anchor-batch';
import type { AnchorCandidate, AnchorLedgerPort, AnchorOutboxPort } from './ports';

export interface AnchorRunDeps {
  outbox: AnchorOutboxPort;
  ledger: AnchorLedgerPort;
  clock?: () => Date;
  /** A claim older than this is taken to belong to a dead run. */
  staleAfterMs?: number;
}

export interface AnchorRunResult {
  batches: number;
  anchored: number;
  rejected: number;
  /** Batches the ledger already held (a repeated run): stored, not anchored again. */
  repeated: number;
}

/**
 * One anchoring run, every step safe to repeat: first finish batches a dead run left pinned, then
 * claim pending records batch by batch until none are left. Each batch: claim, pin the
 * deterministic batch id, AnchorBatch on the ledger, store the proofs.
 */
export async function runAnchoring(deps: AnchorRunDeps, maxBatch: number): Promise<AnchorRunResult> {
  const clock = deps.clock ?? (() => new Date());
  const staleBefore = new Date(clock().getTime() - (deps.staleAfterMs ?? 60_000));
  const result: AnchorRunResult = { batches: 0, anchored: 0, rejected: 0, repeated: 0 };

  for (const unfinished of await deps.outbox.unfinishedBatches(staleBefore, 100)) {
    await anchorOne(deps, buildBatch(unfinished.candidates), unfinished.candidates, result);
  }
  await deps.outbox.releaseStaleClaims(staleBefore);

  for (;;) {
    const claimId = `claim_${randomUUID()}`;
    const claimed = await deps.outbox.claim(claimId, maxBatch, clock());
    if (claimed.length === 0) break;
    const batch = buildBatch(claimed);
    await deps.outbox.assignBatch(claimId, batch.batchId);
    const outcome = await anchorOne(deps, batch, claimed, result);
    // After a rejection the rest went back to PENDING and must be re-batched now.
    if (outcome === 'anchored' && claimed.length < maxBatch) break;
  }
  return result;
}

async function anchorOne(deps: AnchorRunDeps, batch: BuiltBatch, candidates: readonly AnchorCandidate[], result: AnchorRunResult): Promise<'anchored' | 'rejected'> {
  try {
    const commit = await deps.ledger.anchorBatch({ batchId: batch.batchId, root: batch.root, entries: batch.entries });
    await deps.outbox.markAnchored({ batchId: batch.batchId, root: batch.root, treeSize: batch.entries.length, txId: commit.txId, anchoredAt: commit.anchoredAt }, batch.leaves);
    result.batches++;
    result.anchored += candidates.length;
    if (!commit.created) result.repeated++;
    return 'anchored';
  } catch (error) {
    const rejected = rejectedRecordIds(error);
    if (rejected.length > 0) {
      // The chaincode refuses the whole batch; drop the refused records for good and re-batch the rest.
      await deps.outbox.markRejected(rejected, describe(error));
      await deps.outbox.releaseBatch(batch.batchId, describe(error));
      result.rejected += rejected.length;
      return 'rejected';
    }
    // Anything else (ledger down, conflict) leaves the batch pinned: the next run retries the same batch id.
    throw error;
  }
}

/** The chaincode lists the entries whose seal was not active at signing time (SEAL_NOT_ACTIVE details). */
function rejectedRecordIds(error: unknown): string[] {
  if (!isSealError(error) || error.code !== 'SEAL_NOT_ACTIVE') return [];
  const list = (error.details as { rejected?: Array<{ recordId?: unknown }> } | undefined)?.rejected ?? [];
  return list.map((r) => r.recordId).filter((id): id is string => typeof id === 'string');
}

function describe(error: unknown): string {
  return isSealError(error) ? `${error.code}: ${error.message}` : String(error);
}
