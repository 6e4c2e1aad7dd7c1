import type { BusinessMetrics } from '../../observability/business-metrics';
import type { SealTrust, VerificationLedger } from '@eseal/core';
import type { Store } from '../../store';
import type { SigningStore } from '../../store/signing';
import type { KeyVault } from '../seals/key-vault';
import type { SealMaterialCache } from './signing-seal';
import type { TimeStamping } from './time-stamping';
import type { UnlockedKeyCache } from './unlocked-keys';
import type { DocumentVerifier } from './verification/verification-pool';

export interface SigningSettings {
  /** How long an approval stays usable after the approver decides. */
  readonly approvalTtlMs: number;
  /** Wrong PINs in a row after which the seal locks (SEAL_LOCKED) until an administrator resets it. */
  readonly pinFailureLimit: number;
  /** Largest PDF accepted for signing or verification. */
  readonly maxDocumentBytes: number;
  /** Largest number of documents in one batch-sign call. */
  readonly maxBatchDocuments: number;
  /** CPU time one PDF may take to read (PDF_TOO_COMPLEX beyond it): a hostile file must not hold a worker for long. */
  readonly pdfTimeBudgetMs: number;
  /** How long an Idempotency-Key and its stored answer are kept (the sweep deletes older ones). */
  readonly idempotencyTtlMs: number;
}

export const DEFAULT_SIGNING_SETTINGS: SigningSettings = {
  approvalTtlMs: 24 * 60 * 60 * 1000,
  pinFailureLimit: 5,
  maxDocumentBytes: 20 * 1024 * 1024,
  maxBatchDocuments: 100,
  pdfTimeBudgetMs: 5_000,
  idempotencyTtlMs: 24 * 60 * 60 * 1000,
};

/** Told after records are written, so the anchor job runs soon (the outbox is the truth; this is a nudge). */
export interface AnchorNudge {
  recordsWritten(count: number): void;
}

/** Everything the signing use cases need, built once by the composition root. */
export interface SigningDeps {
  readonly store: Store;
  readonly signing: SigningStore;
  readonly keyVault: KeyVault;
  /** Trust material for verification (CA roots, CRLs). */
  readonly trust: SealTrust;
  /** Read-only ledger view for verification. */
  readonly ledger: VerificationLedger;
  readonly settings: SigningSettings;
  /** Keys the idempotency fingerprints (derived from the server KEK): a stored fingerprint cannot be recomputed without it. */
  readonly fingerprintKey: Uint8Array;
  readonly clock: () => Date;
  readonly anchorNudge?: AnchorNudge;
  /** Keys opened by a PIN recently (see unlocked-keys.ts); absent: every signing runs the PIN KDF. */
  readonly unlockedKeys?: UnlockedKeyCache;
  /** Immutable seal material (seal data, certificate, wrapped key, imprint) kept between signings. */
  readonly sealMaterial?: SealMaterialCache;
  /** Verification threads (see verification/verification-pool.ts); absent: verified on the event loop. */
  readonly verifier?: DocumentVerifier;
  /** Business counters of /metrics; absent in tests that do not look. */
  readonly metrics?: BusinessMetrics;
  /** The time-stamp authority and its policy (TSA_URL, TSA_REQUIRED); absent: signatures carry no token. */
  readonly timeStamping?: TimeStamping;
}
