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
  /** Takes up to `limit` PENDING records under `claimId` (conditional update) and returns those it got. */
  claim(claimId: string, limit: number, now: Date): Promise<AnchorCandidate[]>;
  /** Pins the claimed records to their deterministic batch id before the ledger is called. */
  assignBatch(claimId: string, batchId: string): Promise<void>;
  /** Batches pinned before `staleBefore` but never stored as anchored (a run died mid-way). */
  unfinishedBatches(staleBefore: Date, limit: number): Promise<Array<{ batchId: string; candidates: AnchorCandidate[] }>>;
  /** Claims that never got a batch id (a run died before pinning): back to PENDING. */
  releaseStaleClaims(staleBefore: Date): Promise<number>;
  markAnchored(facts: AnchorFacts, leaves: readonly AnchoredLeaf[]): Promise<void>;
  /** The ledger refused these (seal not active at signing time): final state, kept for the audit. */
  markRejected(recordIds: readonly string[], reason: string): Promise<void>;
  /** The batch could not be anchored as built: its records go back to PENDING to be re-batched. */
  releaseBatch(batchId: string, error: string): Promise<void>;
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
  anchorBatch(input: { batchId: string; root: string; entries: AnchorEntryInput[] }): Promise<{ txId: string; created: boolean; anchoredAt: Date }>;
}
