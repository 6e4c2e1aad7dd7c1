/**
 * What the anchor job needs from the outside, as small interfaces: the composition root wires the
 * signing-record store and the ledger client in, so the worker never imports server internals.
 */

/** One signing record waiting to be anchored. */
export interface AnchorCandidate {
  recordId: string;
  /** The seal's code on the ledger (GB/T 38540 esID). */
  sealCode: string;
  signedAt: Date;
  signatureSm3: string;
  /** SM3 of the file right after this signature. */
  documentSm3: string;
}

export interface AnchoredLeaf {
  recordId: string;
  leafIndex: number;
  proof: string[];
}

export interface AnchorFacts {
  batchId: string;
  root: string;
  treeSize: number;
  txId: string;
  anchoredAt: Date;
}

export interface AnchorOutboxPort {
  /** Up to `limit` records waiting for the ledger, oldest first, leaving out those pinned to a batch. */
  pending(limit: number): Promise<AnchorCandidate[]>;
  /** Pins the batch as built before the ledger is called, so whatever happens next it is finished as built. */
  pinBatch(batchId: string, candidates: readonly AnchorCandidate[], now: Date): Promise<void>;
  /** Batches pinned but not fully stored (a run died or failed after pinning), oldest first. */
  unfinishedBatches(limit: number): Promise<Array<{ batchId: string; candidates: AnchorCandidate[] }>>;
  /** Stores every proof, takes the records out of the outbox and unpins the batch; safe to repeat. */
  markAnchored(facts: AnchorFacts, leaves: readonly AnchoredLeaf[]): Promise<void>;
  /** The ledger refused these (seal not active at signing time): final state, kept for the audit. */
  markRejected(recordIds: readonly string[], reason: string): Promise<void>;
  /** The batch could not be anchored as built: unpinned, its remaining records are batched again. */
  releaseBatch(batchId: string): Promise<void>;
}

export interface AnchorEntryInput {
  recordId: string;
  sealId: string;
  signedAt: string;
  signatureSm3: string;
  documentSm3: string;
}

export interface AnchorLedgerPort {
  /** The chaincode's AnchorBatch; a repeat of an anchored batch returns created=false. */
  anchorBatch(input: {
    batchId: string;
    root: string;
    entries: AnchorEntryInput[];
  }): Promise<{ txId: string; created: boolean; anchoredAt: Date }>;
}
