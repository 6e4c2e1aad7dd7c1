import { SealError, describeError, isSealError } from '@eseal/core';
import { buildBatch, type BuiltBatch } from './anchor-batch';
import type { AnchorCandidate, AnchorLedgerPort, AnchorOutboxPort } from './ports';

export interface AnchorRunDeps {
  outbox: AnchorOutboxPort;
  ledger: AnchorLedgerPort;
  clock?: () => Date;
}

/** Pinned batches finished per run before new ones are made; the rest wait for the next run. */
const UNFINISHED_PER_RUN = 100;

export interface AnchorRunResult {
  batches: number;
  anchored: number;
  rejected: number;
  /** Batches the ledger already held (a repeated run): stored, not anchored again. */
  repeated: number;
}

/**
 * One anchoring run, every step safe to repeat. Runs never overlap (the anchor queue runs one job
 * at a time), so a batch still pinned when a run starts was left by a run that died or failed: it is
 * finished first, at once and exactly as built (a half-stored batch included). Then pending records
 * are batched until none are left: pin the deterministic batch, AnchorBatch on the ledger, store.
 */
export async function runAnchoring(deps: AnchorRunDeps, maxBatch: number): Promise<AnchorRunResult> {
  const clock = deps.clock ?? (() => new Date());
  const result: AnchorRunResult = { batches: 0, anchored: 0, rejected: 0, repeated: 0 };
  for (const unfinished of await deps.outbox.unfinishedBatches(UNFINISHED_PER_RUN)) {
    await anchorOne(deps, buildBatch(unfinished.candidates), unfinished.candidates, result);
  }
  for (;;) {
    const pending = await deps.outbox.pending(maxBatch);
    if (pending.length === 0) break;
    const batch = buildBatch(pending);
    await deps.outbox.pinBatch(batch.batchId, pending, clock());
    const outcome = await anchorOne(deps, batch, pending, result);
    // After a rejection the rest went back to pending and must be re-batched now.
    if (outcome === 'anchored' && pending.length < maxBatch) break;
  }
  return result;
}

async function anchorOne(
  deps: AnchorRunDeps,
  batch: BuiltBatch,
  candidates: readonly AnchorCandidate[],
  result: AnchorRunResult,
): Promise<'anchored' | 'rejected'> {
  try {
    const commit = await deps.ledger.anchorBatch({ batchId: batch.batchId, root: batch.root, entries: batch.entries });
    await deps.outbox.markAnchored(
      { batchId: batch.batchId, root: batch.root, treeSize: batch.entries.length, txId: commit.txId, anchoredAt: commit.anchoredAt },
      batch.leaves,
    );
    result.batches++;
    result.anchored += candidates.length;
    if (!commit.created) result.repeated++;
    return 'anchored';
  } catch (error) {
    const rejected = rejectedRecordIds(error);
    if (rejected.length > 0) {
      // The chaincode refuses the whole batch; drop the refused records for good and re-batch the rest.
      await deps.outbox.markRejected(rejected, describeError(error));
      await deps.outbox.releaseBatch(batch.batchId);
      result.rejected += rejected.length;
      return 'rejected';
    }
    const rebuilt = rebuiltRoot(error);
    if (rebuilt !== undefined) {
      // The chaincode rebuilds each batch's root from its entries: another root means it and this worker
      // build leaves differently (a leaf-format change deployed before the chaincode). Every batch will
      // be refused alike, so say so plainly; the batch stays pinned until the two agree again.
      throw new SealError(
        'INTERNAL',
        `the ledger rebuilt another Merkle root for ${batch.batchId}: the chaincode and this worker disagree on the leaf data (upgrade the chaincode first); anchoring is stopped`,
        { cause: error, details: { batchId: batch.batchId, root: batch.root, rebuilt } },
      );
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

/** The root the chaincode rebuilt, when it refused the batch's root (VALIDATION_FAILED on `root`). */
function rebuiltRoot(error: unknown): string | undefined {
  if (!isSealError(error) || error.code !== 'VALIDATION_FAILED') return undefined;
  const details = error.details as { field?: unknown; rebuilt?: unknown } | undefined;
  return details?.field === 'root' && typeof details.rebuilt === 'string' ? details.rebuilt : undefined;
}
