/**
 * What the verifier reads from the ledger, in neutral terms (no Fabric or chaincode types): the
 * caller adapts its ledger client to this. Read-only on purpose: verification never writes.
 */

/** One state change of a seal as the ledger recorded it, in transaction order. */
export interface LedgerSealTimelineEntry {
  /** Transaction time of the change. */
  at: Date;
  status: 'ACTIVE' | 'REVOKED';
  validFrom: Date;
  validTo: Date;
  /** SM3 (hex) of the seal data in force from this entry on. */
  sesealSm3?: string;
  txId?: string;
  /**
   * On a revocation for a key leak or loss, the reported compromise time: from then on the key may be
   * someone else's, so the seal counts as revoked from this time, not from `at`.
   */
  compromisedAt?: Date;
}

export interface LedgerSealView {
  /** The seal code (GB/T 38540 esID) the ledger keys the seal by. */
  sealCode: string;
  timeline: readonly LedgerSealTimelineEntry[];
}

/** The ledger's record of one anchored signature. */
export interface LedgerSignatureView {
  signatureSm3: string;
  recordId: string;
  sealCode: string;
  signedAt: Date;
  /** SM3 (hex) of the whole file as it was right after this signature: the revision it produced. */
  documentSm3: string;
  batchId: string;
  anchoredAt: Date;
  txId: string;
}

export interface VerificationLedger {
  /** Undefined when the ledger has no such seal. */
  findSeal(sealCode: string): Promise<LedgerSealView | undefined>;
  /** Undefined when the signature was never anchored (yet). */
  findSignature(signatureSm3: string): Promise<LedgerSignatureView | undefined>;
  /**
   * False when findSignature finds only the signatures whose batch the caller knows (the ledger keeps
   * no key per signature; a proof bundle names the batch): one it does not find is then reported as not
   * located (still INDETERMINATE past the anchoring window). Omitted: it finds every anchored signature.
   */
  readonly findsEverySignature?: boolean;
  /** The Merkle root the ledger stores for a batch (hex); undefined when unknown. Optional: proof bundles only. */
  findBatchRoot?(batchId: string): Promise<string | undefined>;
}
