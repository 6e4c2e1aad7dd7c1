import { createHash } from 'node:crypto';
import { MerkleTree, anchorLeafData, merkleLeafHash } from '@eseal/core';
import type { AnchorCandidate, AnchorEntryInput, AnchoredLeaf } from './ports';

export interface BuiltBatch {
  batchId: string;
  root: string;
  entries: AnchorEntryInput[];
  leaves: AnchoredLeaf[];
}

/**
 * The ledger entry for a record. Its leaf data is core's `anchorLeafData`, the one function proof
 * bundles are checked with, so the leaf can be rebuilt from the record alone.
 */
export function anchorEntry(c: AnchorCandidate): AnchorEntryInput {
  return {
    recordId: c.recordId,
    sealId: c.sealCode,
    signedAt: c.signedAt.toISOString(),
    signatureSm3: c.signatureSm3,
    documentSm3: c.documentSm3,
  };
}

/**
 * The batch id depends only on the set of records, so a run that crashed after the ledger call
 * rebuilds the very same batch and the ledger answers "already anchored" instead of anchoring twice.
 */
export function batchIdFor(recordIds: readonly string[]): string {
  const sorted = [...recordIds].sort();
  return `batch_${createHash('sm3').update(sorted.join('\n')).digest('hex').slice(0, 40)}`;
}

export function buildBatch(candidates: readonly AnchorCandidate[]): BuiltBatch {
  const sorted = [...candidates].sort((a, b) => (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
  const entries = sorted.map(anchorEntry);
  const tree = new MerkleTree(entries.map((e) => merkleLeafHash(anchorLeafData(e))));
  return {
    batchId: batchIdFor(sorted.map((c) => c.recordId)),
    root: Buffer.from(tree.root).toString('hex'),
    entries,
    leaves: entries.map((e, i) => ({ recordId: e.recordId, leafIndex: i, proof: tree.proof(i).path })),
  };
}
