import type { BusinessMetrics } from '../observability/business-metrics';
import { verifyPdf, type Certificate, type CertificateAuthority } from '@eseal/core';
import type { Connection } from 'mongoose';
import type { ApiModule } from '../app';
import { signingApi } from '../api/signing';
import type { LedgerClient } from '../ledger';
import type { Store } from '../store';
import type { EvidenceEvents } from '../events';
import { createSigningStore, ensureSigningIndexes, MongoAnchorOutbox } from '../store/signing';
import type { KeyVault } from '../usecases/seals/key-vault';
import { BullAnchorQueue } from './anchor-queue';
import { trustFromCertificateAuthority } from '../usecases/signing/adapters/ca-trust';
import { anchorLedgerOf } from '../usecases/signing/anchor-ledger';
import { recordsAnchorLocator, verificationLedgerOf } from '../usecases/signing/ledger-view';
import { SealMaterialCache } from '../usecases/signing/signing-seal';
import { UnlockedKeyCache } from '../usecases/signing/unlocked-keys';
import { DEFAULT_SIGNING_SETTINGS, type SigningDeps, type SigningSettings } from '../usecases/signing/signing-deps';
import { VerificationPool, type PoolLogger } from '../usecases/signing/verification/verification-pool';
import type { TimeStamping } from '../usecases/signing/time-stamping';

export interface SigningServices {
  readonly deps: SigningDeps;
  readonly apiModule: ApiModule;
  /** Ports for the worker's anchor processor (worker/src/anchor), bound to this store and ledger. */
  readonly anchorPorts: { outbox: MongoAnchorOutbox; ledger: ReturnType<typeof anchorLedgerOf> };
  close(): Promise<void>;
}

export interface SigningServicesInput {
  connection: Connection;
  store: Store;
  ledger: LedgerClient;
  keyVault: KeyVault;
  /** Key of the idempotency fingerprints (see idempotency.ts). */
  fingerprintKey: Uint8Array;
  ca: CertificateAuthority;
  /** The anchor queue; omitted: records wait for the worker's scheduled run. */
  queue?: { redisUrl: string; prefix: string };
  settings?: Partial<SigningSettings>;
  /** How long a PIN-opened key stays usable without the PIN KDF (default 5 minutes; 0 disables). */
  unlockedKeyTtlMs?: number;
  clock?: () => Date;
  /** Threads that verify PDFs off the event loop (0: verify on the event loop). */
  verificationThreads?: number;
  /** Where the verification pool reports replaced threads. */
  logger?: PoolLogger;
  /** Business counters of /metrics (signings, verifications, the anchor queue). */
  metrics?: BusinessMetrics;
  /** The time-stamp authority for SES_Signature.timeStamp; absent: no tokens. */
  timeStamping?: TimeStamping;
  /** The CJK font of PDF verification reports (read on first use). */
  reportFont?: () => Uint8Array;
  /** Told when anchoring results are stored (lookup index, webhooks). */
  events?: EvidenceEvents;
  /** CA certificates (root last) that sign TSA certificates when not our own CA (TSA_CA_FILE). */
  timeStampCa?: readonly Certificate[];
}

/** Wiring of signing for the composition root: store, trust, ledger views, anchor queue, routes. */
export async function createSigningServices(input: SigningServicesInput): Promise<SigningServices> {
  const signing = createSigningStore(input.connection);
  await ensureSigningIndexes(signing);
  const anchorQueue = input.queue ? new BullAnchorQueue(input.queue) : undefined;
  const trust = trustFromCertificateAuthority(input.ca, input.timeStampCa ? { timeStampCa: input.timeStampCa } : {});
  const ledger = verificationLedgerOf(input.ledger, recordsAnchorLocator(signing));
  const settings = { ...DEFAULT_SIGNING_SETTINGS, ...input.settings };
  const threads = input.verificationThreads ?? 0;
  const verifier =
    threads > 0
      ? new VerificationPool(
          { trust, ledger },
          {
            threads,
            // Twice the PDF reader's own budget: only a thread that stopped checking its budget gets this far.
            stuckAfterMs: 2 * settings.pdfTimeBudgetMs,
            callTimeoutMs: 2 * settings.pdfTimeBudgetMs,
            ...(input.logger ? { logger: input.logger } : {}),
            fallback: (pdf, options) => verifyPdf(pdf, { trust, ledger, ...options }),
          },
        )
      : undefined;
  const deps: SigningDeps = {
    store: input.store,
    signing,
    keyVault: input.keyVault,
    fingerprintKey: input.fingerprintKey,
    trust,
    ledger,
    settings,
    clock: input.clock ?? (() => new Date()),
    ...(anchorQueue ? { anchorNudge: anchorQueue } : {}),
    unlockedKeys: new UnlockedKeyCache(input.unlockedKeyTtlMs),
    sealMaterial: new SealMaterialCache(),
    ...(verifier ? { verifier } : {}),
    ...(input.metrics ? { metrics: input.metrics } : {}),
    ...(input.timeStamping ? { timeStamping: input.timeStamping } : {}),
  };
  if (anchorQueue && input.metrics) input.metrics.watchQueue('anchor', () => anchorQueue.jobCounts());
  return {
    deps,
    apiModule: signingApi(deps, input.reportFont ? { reportFont: input.reportFont } : {}),
    anchorPorts: { outbox: new MongoAnchorOutbox(signing, input.events), ledger: anchorLedgerOf(input.ledger) },
    close: async () => {
      await verifier?.close();
      await anchorQueue?.close();
    },
  };
}
