/**
 * Facts other features react to once they are stored: the public lookup index, webhooks. The stores
 * that produce them call `EvidenceEvents` at the point where a repeat is still possible (a crash
 * before the step after it makes the step run again), so listeners must be idempotent.
 */

/** What listeners need of an anchored signing record (the record's own field names). */
export interface AnchoredSignature {
  _id: string;
  unitId: string;
  sealId: string;
  sealCode: string;
  signedAt: Date;
  documentSm3After: string;
  documentSm3Before: string;
}

/** A batch of signatures whose anchoring results were just stored. */
export interface SignaturesAnchored {
  batchId: string;
  root: string;
  treeSize: number;
  txId: string;
  anchoredAt: Date;
  recordIds: readonly string[];
  /** The records' facts as the batch carried them; records missing here are read (signaturesOf). */
  signatures?: readonly AnchoredSignature[];
}

/** A court chain confirmed a relayed piece of evidence; the receipt is the court's signed answer. */
export interface RelayConfirmed {
  relayId: string;
  adapterId: string;
  subject: { kind: 'SEAL_EVENT'; sealId: string; event: string } | { kind: 'BATCH'; batchId: string };
  sourceTxId: string;
  receipt: { evidenceNumber: string; txHash: string; blockHeight: number; recordedAt: string };
  confirmedAt: Date;
}

/** A seal's revocation committed (the record, the CA; ledger and filing follow). */
export interface SealRevoked {
  sealId: string;
  sealCode: string;
  unitId: string;
  reason: string;
  revokedAt: Date;
}

export interface EvidenceEventListener {
  signaturesAnchored?(event: SignaturesAnchored): Promise<void>;
  relayConfirmed?(event: RelayConfirmed): Promise<void>;
  sealRevoked?(event: SealRevoked): Promise<void>;
}

/**
 * One hub per process: producers hold it from start-up; features register listeners when they start.
 * A listener's failure propagates to the producer, which fails its step so it is repeated.
 */
export class EvidenceEvents {
  readonly #listeners: EvidenceEventListener[] = [];

  listen(listener: EvidenceEventListener): void {
    this.#listeners.push(listener);
  }

  async signaturesAnchored(event: SignaturesAnchored): Promise<void> {
    for (const l of this.#listeners) await l.signaturesAnchored?.(event);
  }

  async relayConfirmed(event: RelayConfirmed): Promise<void> {
    for (const l of this.#listeners) await l.relayConfirmed?.(event);
  }

  async sealRevoked(event: SealRevoked): Promise<void> {
    for (const l of this.#listeners) await l.sealRevoked?.(event);
  }
}
