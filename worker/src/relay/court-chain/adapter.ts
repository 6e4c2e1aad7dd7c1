import type { CourtReceipt, EvidenceSubmission, VerifyResult } from './protocol';

/** One submission's outcome in a batch: the checked receipt, or the coded error a single submit would throw. */
export type SubmitOutcome = { readonly receipt: CourtReceipt } | { readonly error: unknown };

/**
 * One court chain, as the relay sees it. Errors carry a code: UPSTREAM_UNAVAILABLE (try again
 * later, same evidence id), UPSTREAM_REJECTED (the court refused the evidence: final),
 * COURT_RECEIPT_INVALID (the answer does not verify against the court's configured key: final).
 */
export interface CourtChainAdapter {
  /** Configured name, e.g. "hz-court"; part of every relay id and metric label. */
  readonly id: string;
  readonly digestAlgorithm: EvidenceSubmission['digestAlgorithm'];
  /** Records the evidence; the same evidence id answers the first receipt again. The receipt is checked. */
  submit(evidence: EvidenceSubmission): Promise<CourtReceipt>;
  /**
   * Many submissions, as few requests as the court allows; one outcome per submission, in order. A
   * failure of the whole exchange (transport, 5xx) throws, and then none of them is known recorded.
   */
  submitMany(evidence: readonly EvidenceSubmission[]): Promise<SubmitOutcome[]>;
  /** The stored receipt for an evidence id, checked; undefined when the court holds none. */
  queryReceipt(evidenceId: string): Promise<CourtReceipt | undefined>;
  verifyByDigest(evidenceId: string, digest: string): Promise<VerifyResult>;
  verifyByTxHash(txHash: string, digest: string): Promise<VerifyResult>;
  /** verifyByTxHash for many, one result per check, in order. */
  verifyManyByTxHash(checks: ReadonlyArray<{ readonly txHash: string; readonly digest: string }>): Promise<VerifyResult[]>;
  /** True when the receipt is signed by this court's configured key (offline check). */
  checkReceipt(receipt: CourtReceipt): boolean;
  /** Releases connections the adapter holds (the Fabric adapter's gateways). */
  close?(): Promise<void>;
}
