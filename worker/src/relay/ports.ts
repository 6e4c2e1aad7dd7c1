/**
 * What the relay needs from the outside, as small interfaces: the composition root binds the
 * server's relay store; the worker never imports server internals.
 */
import type { CourtReceipt, EvidenceSubmission } from './court-chain/protocol';

/**
 * PENDING -> SUBMITTED (the court recorded it and answered a checked receipt) -> CONFIRMED (the court
 * verifies our digest by its transaction hash). REJECTED: the court refused it, or answered a
 * receipt its key does not verify; never retried. DEAD: transport failures past the last attempt;
 * an operator may send it back to PENDING.
 */
export const RELAY_STATES = ['PENDING', 'SUBMITTED', 'CONFIRMED', 'REJECTED', 'DEAD'] as const;
export type RelayState = (typeof RELAY_STATES)[number];

/** What the evidence is about: a seal's lifecycle event on our ledger, or an anchored batch of signatures. */
export type RelaySubject =
  { readonly kind: 'SEAL_EVENT'; readonly sealId: string; readonly event: string } | { readonly kind: 'BATCH'; readonly batchId: string };

export interface NewRelay {
  /** `<evidenceId>@<adapterId>`: one per (evidence, court chain). */
  readonly relayId: string;
  readonly adapterId: string;
  readonly subject: RelaySubject;
  readonly evidence: EvidenceSubmission;
  readonly createdAt: Date;
}

export interface RelayRecord extends NewRelay {
  readonly state: RelayState;
  readonly attempts: number;
  readonly lastError?: string;
  readonly receipt?: CourtReceipt;
  readonly submittedAt?: Date;
  readonly confirmedAt?: Date;
}

export interface RelayStorePort {
  /** Unique insert by relay id: true when this call created it, false when it existed already. */
  create(relay: NewRelay): Promise<boolean>;
  load(relayId: string): Promise<RelayRecord | undefined>;
  markSubmitted(relayId: string, receipt: CourtReceipt, at: Date): Promise<void>;
  markConfirmed(relayId: string, at: Date): Promise<void>;
  markRejected(relayId: string, reason: string): Promise<void>;
  markDead(relayId: string, reason: string): Promise<void>;
  /** A retryable failure: counted and kept as the last error for operators. */
  recordAttemptFailure(relayId: string, reason: string): Promise<void>;
}

/** Puts a relay's job on its adapter's queue (job id = relay id, so a repeat is a no-op). */
export interface RelayQueuePort {
  enqueue(adapterId: string, relayId: string): Promise<void>;
}

/** Counts outcomes per adapter (Prometheus in the server); a no-op observer is fine in tests. */
export interface RelayObserver {
  queued(adapterId: string): void;
  confirmed(adapterId: string, latencySeconds: number): void;
  rejected(adapterId: string): void;
  dead(adapterId: string): void;
}

export const SILENT_RELAY_OBSERVER: RelayObserver = { queued() {}, confirmed() {}, rejected() {}, dead() {} };
