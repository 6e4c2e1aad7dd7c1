/**
 * What the filing job needs from the outside, as small interfaces: the composition root passes the
 * server's store and the public-security adapter in, so the worker never imports server internals.
 */

/**
 * The record as public security receives it. The worker only passes it through unchanged, so it
 * names just the id; the server's FilingRecord (and the adapter taking it) fit this shape.
 */
export interface FilingRecordPayload {
  readonly filingId: string;
}

export interface FilingAckPort {
  readonly ackId: string;
  readonly filedAt: string;
}

export type StoredFilingState = 'PENDING' | 'ACKED' | 'FAILED';

export interface StoredFiling {
  readonly filingId: string;
  readonly state: StoredFilingState;
  readonly record: FilingRecordPayload;
  /** An earlier filing of the same seal is not acknowledged yet: this one must wait its turn. */
  readonly waitingForEarlier: boolean;
}

export interface FilingStorePort {
  /** undefined when no such filing exists (the job is then finished without effect). */
  loadFiling(filingId: string): Promise<StoredFiling | undefined>;
  /** Idempotent: stores the ack and moves the seal on (a made seal becomes FILED, then ACTIVE). */
  markAcknowledged(filingId: string, ack: FilingAckPort): Promise<void>;
  /** Public security refused the record: visible on the seal as FAILED. */
  markFailed(filingId: string, reason: string): Promise<void>;
  /** A retryable failure, for operators watching a stuck filing. */
  recordAttemptFailure(filingId: string, reason: string): Promise<void>;
}

/**
 * The public-security filing system. Throws errors carrying `code`: UPSTREAM_UNAVAILABLE (retry with
 * the same filingId) or UPSTREAM_REJECTED (refused for good). The server's HttpFilingSystem fits.
 */
export interface FilingSystemPort {
  // Method syntax on purpose: an adapter typed for the full record is accepted for this narrower one.
  file(record: FilingRecordPayload): Promise<FilingAckPort>;
}

export interface FilingPorts {
  readonly store: FilingStorePort;
  readonly filingSystem: FilingSystemPort;
}
