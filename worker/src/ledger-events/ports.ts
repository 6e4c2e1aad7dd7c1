/**
 * What the ledger event consumer needs from the outside, as small interfaces. The composition root
 * binds the server's LedgerClient (which fits LedgerEventSourcePort as it is), its stores and the
 * filing queue; the worker never imports server internals.
 */
import type { AnchorCandidate, AnchorFacts, AnchoredLeaf } from '../anchor/ports';

/** A position in the ledger with Fabric's checkpoint meaning: resume just after this transaction's event. */
export interface LedgerEventCursor {
  blockNumber: number;
  transactionId?: string;
}

/**
 * A chaincode event as the ledger client delivers it. The payload stays `unknown` here: it is
 * parsed again by the handler, because the worker must not trust a shape it did not check.
 */
export interface ChainEvent {
  blockNumber: number;
  transactionId: string;
  name: string;
  payload: unknown;
}

export interface LedgerEventSubscription {
  close(): void;
  /** Settles when delivery stops; rejects with the listener's error when a handler failed. */
  readonly done: Promise<void>;
}

export interface LedgerEventSourcePort {
  // Method syntax on purpose: the server's LedgerClient, typed for its narrower event union, fits.
  subscribe(listener: (event: ChainEvent) => Promise<void>, options: { from?: LedgerEventCursor }): Promise<LedgerEventSubscription>;
}

/** Where the consumer stands: the last event whose effects are stored. */
export interface CheckpointStorePort {
  load(): Promise<LedgerEventCursor | undefined>;
  save(cursor: Required<LedgerEventCursor>): Promise<void>;
}

export interface SealFilingPort {
  /**
   * Makes sure every filing the seal still owes public security has its job (job id = filing id,
   * so a job the direct path already queued is the same job). Returns how many it (re)queued;
   * 0 for a seal this service does not hold (another maker's seal on the same channel).
   */
  ensureFilingJobs(sealId: string): Promise<number>;
}

/** A signing record pinned to a batch, and whether its proof is already stored. */
export interface BatchMember extends AnchorCandidate {
  anchored: boolean;
}

export interface AnchoredBatchPort {
  /**
   * Every record of the batch while it is pinned ([] once its results are all stored, or when it is
   * not this service's): the whole set is needed to rebuild the tree, because a crash may have
   * stored some of the batch's proofs and not others.
   */
  batchMembers(batchId: string): Promise<BatchMember[]>;
  /** Idempotent: the same write the anchor job makes after its ledger call. */
  markAnchored(facts: AnchorFacts, leaves: readonly AnchoredLeaf[]): Promise<void>;
}

export interface LedgerEventPorts {
  readonly source: LedgerEventSourcePort;
  readonly filings: SealFilingPort;
  readonly batches: AnchoredBatchPort;
}
