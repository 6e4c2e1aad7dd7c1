import type { BundleSealHistory, FabricTrust, LedgerAttestation, Sm2Signer } from '@eseal/core';
import type {
  AnchorBatchInput,
  AnchorResult,
  AuditAnchorEventPayload,
  AuditAnchorPage,
  AuditAnchorQuery,
  AuditAnchorRecord,
  AuditAnchorResult,
  AuditCheckpointInput,
  BatchEventPayload,
  BatchRecord,
  ChangeSealInput,
  IssueResult,
  IssueSealInput,
  RenewSealInput,
  RevokeSealInput,
  SealEventPayload,
  SealHistoryEntry,
  SealPage,
  SealRecord,
  SignatureRecord,
} from '@eseal/chaincode';

export type {
  AnchorBatchInput,
  AnchorEntry,
  AnchorResult,
  AuditAnchorEventPayload,
  AuditAnchorPage,
  AuditAnchorQuery,
  AuditAnchorRecord,
  AuditAnchorResult,
  AuditCheckpointInput,
  BatchEventPayload,
  BatchRecord,
  ChangeSealInput,
  IssueResult,
  IssueSealInput,
  RenewSealInput,
  RevocationReason,
  RevokeSealInput,
  SealEventPayload,
  SealHistoryEntry,
  SealKind,
  SealPage,
  SealRecord,
  SealStatus,
  SealTimelineEntry,
  SignatureRecord,
} from '@eseal/chaincode';

/** A committed write: its result and where it landed. */
export interface LedgerCommit<T> {
  value: T;
  transactionId: string;
  /** Block holding the transaction, when the ledger reports it (the embedded ledger always does). */
  blockNumber?: number;
}

export type SealEventName = 'SealIssued' | 'SealChanged' | 'SealRenewed' | 'SealRevoked';

/** A chaincode event with its position, which is also the checkpoint to resume after it. */
export type LedgerEvent = { blockNumber: number; transactionId: string } & (
  | { name: SealEventName; payload: SealEventPayload }
  | { name: 'BatchAnchored'; payload: BatchEventPayload }
  | { name: 'AuditAnchored'; payload: AuditAnchorEventPayload }
);

/**
 * Where to start delivering events, with Fabric's checkpoint meaning: from the start of `blockNumber`,
 * or, with `transactionId`, from just after that transaction's event in that block.
 */
export interface LedgerEventCursor {
  blockNumber: number;
  transactionId?: string;
}

export type LedgerEventListener = (event: LedgerEvent) => void | Promise<void>;

export interface SubscribeOptions {
  /** Omitted: only events committed from now on. */
  from?: LedgerEventCursor;
}

/**
 * Events are delivered one at a time, in ledger order; the next waits for the listener's promise.
 * A listener that throws ends the subscription (`done` rejects with its error) so no event is skipped:
 * resubscribe from the last cursor stored.
 */
export interface LedgerSubscription {
  close(): void;
  readonly done: Promise<void>;
}

export interface UnitPageRequest {
  /** 1-100. */
  pageSize: number;
  /** From the previous page; omit or '' for the first. */
  bookmark?: string;
}

/** The ledger as the rest of the server sees it. Failures are LedgerError (a SealError) with phase and tx id. */
export interface LedgerClient {
  issueSeal(input: IssueSealInput): Promise<LedgerCommit<IssueResult>>;
  changeSeal(input: ChangeSealInput): Promise<LedgerCommit<SealRecord>>;
  renewSeal(input: RenewSealInput): Promise<LedgerCommit<SealRecord>>;
  revokeSeal(input: RevokeSealInput): Promise<LedgerCommit<SealRecord>>;
  anchorBatch(batch: AnchorBatchInput): Promise<LedgerCommit<AnchorResult>>;
  /** Anchors an audit-log checkpoint; the identical one again is a no-op (created: false), any other clash LEDGER_CONFLICT. */
  anchorAudit(checkpoint: AuditCheckpointInput): Promise<LedgerCommit<AuditAnchorResult>>;
  /** NOT_FOUND when unknown. */
  getSeal(sealId: string): Promise<SealRecord>;
  /** Newest first; NOT_FOUND when unknown. */
  getSealHistory(sealId: string): Promise<SealHistoryEntry[]>;
  querySealsByUnit(unitId: string, page: UnitPageRequest): Promise<SealPage>;
  /**
   * A signature's record within the batch that anchored it (the ledger keeps no key per signature: the
   * service's records and proof bundles name the batch). NOT_FOUND when the batch or the signature in it is unknown.
   */
  getBatchSignature(batchId: string, signatureSm3: string): Promise<SignatureRecord>;
  getBatch(batchId: string): Promise<BatchRecord>;
  /**
   * Embedded read-only snapshots only (the CLI): the batch that first anchored a signature, from the
   * anchoring transactions in its blocks; undefined when none did.
   */
  batchOfSignature?(signatureSm3: string): Promise<string | undefined>;
  /** Audit anchors by range of toSeq (ascending, `next` to read on) or the latest N. */
  getAuditAnchors(query: AuditAnchorQuery): Promise<AuditAnchorPage>;
  /** NOT_FOUND when no anchor ends at toSeq. */
  getAuditAnchor(toSeq: number): Promise<AuditAnchorRecord>;
  subscribe(listener: LedgerEventListener, options?: SubscribeOptions): Promise<LedgerSubscription>;
  /** Resolves when the ledger can serve; rejects with LEDGER_UNAVAILABLE (or LEDGER_TAMPERED) otherwise. */
  health(): Promise<void>;
  close(): Promise<void>;
  /**
   * Embedded ledger only (a writer, not a read-only snapshot): gives the node its signing identity and
   * returns the attestor that signs offline-checkable statements with it (proof bundle v2).
   */
  withNodeIdentity?(identity: LedgerNodeIdentity): LedgerAttestor;
  /** Fabric: attestations the network's own endorsements and orderer signatures vouch for (no node identity needed). */
  readonly attestor?: LedgerAttestor;
}

/** The ledger node's SM2 key (as a signer) and its certificate from the CA. */
export interface LedgerNodeIdentity {
  signer: Sm2Signer;
  certificateDer: Uint8Array;
}

/** Statements about ledger records that a court checks offline against trust anchors (proof bundle v2). */
export interface LedgerAttestor {
  readonly ledgerKind: 'embedded' | 'fabric';
  readonly channel: string;
  /** Embedded: the node's certificate, whose key signs the statements. */
  readonly nodeCertificateDer?: Uint8Array;
  /** Fabric: the network's organisations, policy and orderers as an offline verifier trusts them, when configured. */
  readonly fabricTrust?: FabricTrust;
  /** The batch record (its Merkle root) and the transaction that anchored it; NOT_FOUND when unknown. */
  attestBatch(batchId: string): Promise<LedgerAttestation>;
  /** One attestation per transaction of the seal, oldest first, and what shows the newest is current; NOT_FOUND when unknown. */
  attestSealHistory(sealId: string): Promise<Omit<BundleSealHistory, 'sealId'>>;
}

/** The shape the server's /health aggregates. */
export interface HealthProbe {
  name: string;
  check(): Promise<void>;
}
