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

/**
 * Every method takes many relays at once: a relay job carries a group of them, so each step is one
 * round trip (one command on the store) for the whole group.
 */
export interface RelayStorePort {
  /** Unique inserts by relay id: the ids this call created (the others existed already). */
  createAll(relays: readonly NewRelay[]): Promise<ReadonlySet<string>>;
  /** Each relay as it stands (its record and its receipt and confirmation, state derived). */
  loadAll(relayIds: readonly string[]): Promise<ReadonlyMap<string, RelayRecord>>;
  /**
   * What a run needs: as loadAll, except that a relay at attempt 0 is its record alone. Its receipt
   * and confirmation cannot exist unless its claim `#0` is taken (only a claim's holder submits, and
   * only a run that lost the claim takes another's receipt), and a lost claim makes the run load it
   * whole: the first run of every relay, by far the most, reads one document instead of three.
   */
  loadForRun(relayIds: readonly string[]): Promise<ReadonlyMap<string, RelayRecord>>;
  /** The relays of a group job as dispatched, in one insert (`groupId` = the job id; a repeat keeps the first). */
  recordGroup(groupId: string, relays: readonly NewRelay[], at: Date): Promise<void>;
  /**
   * A group job's relays as dispatched (PENDING, attempt 0), in one read; undefined when not
   * recorded. Only for the job's first run, under the same reasoning as loadForRun: its relays are
   * at attempt 0 unless a failure elsewhere counted one, and then, their claim `#0` being taken, the
   * run loads them whole; a relay failed before any claim may be submitted once more, and the court
   * answers a repeated evidence id with its first receipt.
   */
  loadGroup(groupId: string): Promise<ReadonlyMap<string, RelayRecord> | undefined>;
  /**
   * Unique inserts of `<relayId>#<attempt>` (attempt = the relay's failed attempts so far): the ids
   * this run may submit. A job whose lock lapsed (a stalled process) runs twice at once on the same
   * relays and the same counts; one run wins each claim.
   */
  claimSubmissions(claims: ReadonlyArray<{ readonly relayId: string; readonly attempt: number }>, at: Date): Promise<ReadonlySet<string>>;
  /** The receipts, inserted as facts: a relay whose receipt is stored keeps the first one. Returns the relay ids whose receipt this call stored. */
  markAllSubmitted(
    submitted: ReadonlyArray<{ readonly relayId: string; readonly receipt: CourtReceipt }>,
    at: Date,
  ): Promise<ReadonlySet<string>>;
  /** Relays whose receipts are stored (passed with them), confirmed as inserted facts: a confirmation is never undone. */
  markAllConfirmed(relays: readonly RelayRecord[], at: Date): Promise<void>;
  markAllRejected(relayIds: readonly string[], reason: string): Promise<void>;
  markAllDead(relayIds: readonly string[], reason: string): Promise<void>;
  /** A retryable failure: counted and kept as the last error for operators. */
  recordAttemptFailures(relayIds: readonly string[], reason: string): Promise<void>;
}

/** Puts relays on their adapter's queue, a job per group (a deterministic job id, so a repeat is a no-op). */
export interface RelayQueuePort {
  enqueue(adapterId: string, relayIds: readonly string[]): Promise<void>;
}

/** Counts outcomes per adapter (Prometheus in the server); a no-op observer is fine in tests. */
export interface RelayObserver {
  queued(adapterId: string): void;
  confirmed(adapterId: string, latencySeconds: number): void;
  rejected(adapterId: string): void;
  dead(adapterId: string): void;
}

export const SILENT_RELAY_OBSERVER: RelayObserver = { queued() {}, confirmed() {}, rejected() {}, dead() {} };
