import { createHmac } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { AppConfig } from '../config/app-config';
import type { BusinessMetrics } from '../observability/business-metrics';
import { HttpEngravingSystem, HttpFilingSystem, type EngravingSystem, type FilingSystem } from '../adapters/public-security';
import type { ApiModule } from '../app';
import { lifecycleApiModules } from '../api/lifecycle';
import type { HealthProbe } from '../http/health/health-probe';
import { connectMongo } from '../infra/mongo';
import { ledgerHealthProbe, type LedgerAttestor, type LedgerClient, type LedgerConfig } from '../ledger';
import { openConfiguredLedger } from './open-ledger';
import { createLogger, type Logger } from '../observability/logger';
import { createStore, ensureIndexes, IdentityProtector, type Store } from '../store';
import { FilingStore, KeyVault, type LifecycleDeps, type SealCertificateAuthority } from '../usecases/seals';
import { developmentCrlDistributionPoints, openDevelopmentCa } from './certificate-authority';
import { BullFilingQueue } from './filing-queue';
import { readLifecycleSettings } from './lifecycle-settings';
import { readTimeStampSettings } from './time-stamp-settings';
import { timeStampingFrom } from './time-stamping';
import { loadOrCreateMakerIdentity } from './maker-identity';
import { loadOrCreateLedgerNodeIdentity } from './ledger-node-identity';
import { evidenceApi } from '../api/evidence';
import { publicEvidenceApi } from '../api/evidence/public-routes';
import { loadOrCreateStatusResponder } from './status-responder-identity';
import { loadOrCreateServiceSeal } from './service-seal-identity';
import type { ServiceSeal } from '../usecases/evidence/certificates';
import type { BundleTrust } from '@eseal/core';
import { runOutboxSweep, type SweepResult } from './outbox-sweep';
import { ledgerEventBindings, type LedgerEventBindings } from './ledger-event-ports';
import { UNCONFIGURED_FILING_SYSTEM } from './unconfigured-filing-system';
import { createSigningServices, type SigningServices } from './signing-services';
import { reportFontLoader, reportFontPath } from '../infra/report-font';
import { expireIdempotencyKeys } from '../usecases/signing/idempotency';
import { DEFAULT_SIGNING_SETTINGS } from '../usecases/signing/signing-deps';
import { backfillAnchoredSignatures, createSigningStore, signingRecordsReader } from '../store/signing';
import { publicSealCodes } from './public-seal-codes';
import { EvidenceEvents } from '../events';
import type { FindCertificateForLookup } from '../public-lookup';
import { createEvidenceAccess } from './evidence-access';
import { relaysOfBatchReader } from './relay-reader';
import { serviceBundleTrust } from './service-trust';
import { createWebhooks, type WebhookServices } from './webhooks';
import { WebhookSecrets } from '../webhooks';

export interface EvidenceIdentities {
  readonly serviceSeal: ServiceSeal;
  /** Absent on a ledger that cannot attest offline (Fabric in this version). */
  readonly attestor?: LedgerAttestor;
  /** What the service trusts when it checks a bundle itself (service-trust.ts). */
  bundleTrust(): BundleTrust;
}
import { statsRoutes } from '../api/stats/stats-routes';
import { statisticsSources } from '../stats/statistics';

/** What the seal lifecycle and signing run on, built once at start-up (or per test). */
export interface Services {
  readonly deps: LifecycleDeps;
  readonly store: Store;
  readonly ledger: LedgerClient;
  /** Ports for the worker's filing processor (worker/src/filing), already bound to this store. */
  readonly filingPorts: { store: FilingStore; filingSystem: FilingSystem };
  readonly apiModules: ApiModule[];
  /** Signing: use approvals, sign, verify, records, and the anchor worker's ports. */
  readonly signing: SigningServices;
  /** Ports for the worker's ledger event consumer (worker/src/ledger-events), bound to this ledger and store. */
  readonly ledgerEventPorts: LedgerEventBindings;
  /** What evidence certificates are made with: the service's own seal, the ledger's attestor, the CA. */
  readonly evidence: EvidenceIdentities;
  readonly probes: HealthProbe[];
  /** Webhook subscriptions, the delivery store the worker's processor runs on, the certificate.ready publisher. */
  readonly webhooks: WebhookServices;
  /** Stored facts (anchored signatures, confirmed relays, revocations) other features listen to. */
  readonly events: EvidenceEvents;
  /** One pass of the outbox sweep: ledger reconciler, filing re-dispatch and expiry. */
  sweep(now?: Date): Promise<SweepResult>;
  close(): Promise<void>;
}

export interface ServicesOptions {
  /** An open connection to reuse (the server's); otherwise one is opened from config and closed on close(). */
  mongo?: Connection;
  logger?: Logger;
  /** Environment for the lifecycle and ledger settings (see lifecycle-settings.ts and ledger/config.ts). */
  env?: Record<string, string | undefined>;
  ledger?: LedgerConfig;
  /**
   * A ledger client opened by the caller and shared with other features (the audit anchoring in
   * npm start): used instead of opening one from `ledger`, and left open by close() (the caller owns it).
   */
  ledgerClient?: LedgerClient;
  /** Wraps the ledger client (fault injection in tests, metrics); the wrapper is what the services use. */
  decorateLedger?: (ledger: LedgerClient) => LedgerClient;
  /** Override the adapters (tests). `null` engraving = always render imprints. */
  engraving?: EngravingSystem | null;
  filingSystem?: FilingSystem;
  certificateAuthority?: SealCertificateAuthority;
  /** Keep the CA and maker identity in memory instead of under DATA_DIR/ca (tests). */
  ephemeralCa?: boolean;
  pinKdf?: { log2N: number; r: number; p: number };
  clock?: () => Date;
  filingBackoffMs?: number;
  /** Attempts per filing job before the sweep has to retry it (default 15). */
  filingAttempts?: number;
  /** Run the sweep every this many ms (0 or unset: not at all; call sweep() yourself). */
  sweepIntervalMs?: number;
  /** Business counters of the server's /metrics (signings, verifications, filings, queues). */
  metrics?: BusinessMetrics;
  /** Evidence certificates by number, for public lookups (the certificate feature supplies it). */
  findCertificateForLookup?: FindCertificateForLookup;
}

/**
 * The services of the seal lifecycle and of signing: store, ledger, CA, maker identity, key vault,
 * public-security adapters, filing queue, signing services (with the anchor queue), and the ports
 * the worker's filing, anchor and ledger-event processors are bound to (by `serviceProcessors` and
 * `composeApplication` in this folder). Tests build it on its own, with their own adapters.
 */
export async function createServices(config: AppConfig, options: ServicesOptions = {}): Promise<Services> {
  const env = options.env ?? {};
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: 'eseal-lifecycle' });
  const settings = readLifecycleSettings(env, { dataDir: config.dataDir });
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch((err: unknown) => logger.error({ err }, 'error while closing'));
  };
  try {
    const mongo = options.mongo ?? (await connectMongo(config.mongodbUri));
    if (!options.mongo) closers.push(() => mongo.close());
    const store = createStore(mongo);
    await ensureIndexes(store);

    const rawLedger = options.ledgerClient ?? (await openConfiguredLedger(config, env, options.ledger));
    if (!options.ledgerClient) closers.push(() => rawLedger.close());
    const ledger = options.decorateLedger ? options.decorateLedger(rawLedger) : rawLedger;

    const timeStampSettings = readTimeStampSettings(env);
    const kek = config.serverKek.reveal();
    const crlDistributionPoints = developmentCrlDistributionPoints(settings.publicBaseUrl);
    const certificates =
      options.certificateAuthority ??
      (await openDevelopmentCa(options.ephemeralCa ? undefined : settings.caDir, { crlDistributionPoints, keepCrlCurrent: true }));
    const maker = await loadOrCreateMakerIdentity(certificates.ca, {
      ...(options.ephemeralCa ? {} : { dir: settings.caDir }),
      kek,
      makerId: settings.makerId,
    });
    const upstream = (baseUrl: string) => ({ baseUrl, timeoutMs: settings.upstreamTimeoutMs });
    const engraving =
      options.engraving === null
        ? undefined
        : (options.engraving ?? (settings.engravingUrl ? new HttpEngravingSystem(upstream(settings.engravingUrl)) : undefined));
    const filingSystem =
      options.filingSystem ?? (settings.filingUrl ? new HttpFilingSystem(upstream(settings.filingUrl)) : UNCONFIGURED_FILING_SYSTEM);
    const filingQueue = new BullFilingQueue({
      redisUrl: config.redisUrl,
      prefix: config.queuePrefix,
      ...(options.filingBackoffMs ? { backoffMs: options.filingBackoffMs } : {}),
      ...(options.filingAttempts ? { attempts: options.filingAttempts } : {}),
    });
    closers.push(() => filingQueue.close());
    options.metrics?.watchQueue('filing', () => filingQueue.jobCounts());

    const clock = options.clock ?? (() => new Date());
    const events = new EvidenceEvents();
    const keyVault = new KeyVault(kek, options.pinKdf);
    const deps: LifecycleDeps = {
      store,
      ledger,
      certificates,
      maker,
      keyVault,
      pins: { signing: createSigningStore(mongo), keyVault, clock, settings: DEFAULT_SIGNING_SETTINGS },
      identities: new IdentityProtector(kek, clock),
      ...(engraving ? { engraving } : {}),
      filingQueue,
      settings: { sealValidityDays: settings.sealValidityDays, vendorId: 'ESEAL' },
      clock,
      logger,
      ...(options.metrics ? { metrics: options.metrics } : {}),
      events,
    };
    // The embedded ledger node signs proof-bundle attestations with its own identity from the same CA;
    // on Fabric the network's endorsements and orderer signatures are the attestation.
    const attestor =
      rawLedger.attestor ??
      rawLedger.withNodeIdentity?.(
        await loadOrCreateLedgerNodeIdentity(certificates.ca, { ...(options.ephemeralCa ? {} : { dir: settings.caDir }), kek }),
      );
    const responder = await loadOrCreateStatusResponder(certificates.ca, { ...(options.ephemeralCa ? {} : { dir: settings.caDir }), kek });
    const serviceSeal = await loadOrCreateServiceSeal(certificates.ca, maker, {
      ...(options.ephemeralCa ? {} : { dir: settings.caDir }),
      kek,
    });
    // Per-purpose key, as for session tokens (auth/security-keys.ts): the KEK itself never keys a hash.
    const fingerprintKey = createHmac('sm3', kek).update('eseal/idempotency-fingerprint/v1').digest();
    const webhookSecrets = new WebhookSecrets(kek);
    kek.fill(0);
    const reportFont = reportFontLoader(reportFontPath(env));
    const signing = await createSigningServices({
      reportFont,
      connection: mongo,
      store,
      ledger,
      keyVault: deps.keyVault,
      fingerprintKey,
      ca: certificates.ca,
      clock,
      queue: { redisUrl: config.redisUrl, prefix: config.queuePrefix },
      verificationThreads: settings.verificationThreads,
      logger,
      timeStamping: timeStampingFrom(timeStampSettings, certificates.ca, logger),
      timeStampCa: timeStampSettings.caCertificates,
      events,
      ...(options.metrics ? { metrics: options.metrics } : {}),
    });
    closers.push(() => signing.close());
    const readRecords = signingRecordsReader(signing.deps.signing.records);
    const relaysOfBatch = relaysOfBatchReader(mongo);
    const evidenceAccess = await createEvidenceAccess({
      mongo,
      store,
      signing: signing.deps.signing,
      readRecords,
      relaysOfBatch,
      events,
      clock,
      ...(attestor ? { attestor } : {}),
      ...(options.findCertificateForLookup ? { findCertificateForLookup: options.findCertificateForLookup } : {}),
    });
    // After the lookup index: the publisher reads the batch's records from it when a court receipt is confirmed.
    const webhooks = await createWebhooks({
      mongo,
      signing: signing.deps.signing,
      readRecords,
      events,
      secrets: webhookSecrets,
      queue: { redisUrl: config.redisUrl, prefix: config.queuePrefix },
      env,
      clock,
    });
    closers.push(() => webhooks.close());

    if (options.sweepIntervalMs) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        Promise.all([runOutboxSweep(deps), expireIdempotencyKeys(signing.deps), backfillAnchoredSignatures(signing.deps.signing)])
          .catch((err: unknown) => logger.warn({ err }, 'outbox sweep failed'))
          .finally(() => (running = false));
      }, options.sweepIntervalMs);
      timer.unref();
      closers.push(async () => clearInterval(timer));
    }

    const bundleTrust = serviceBundleTrust({
      caChain: () => certificates.ca.chain(),
      timeStampCas: timeStampSettings.caCertificates,
      courtChainsJson: env.COURT_CHAINS,
      ...(attestor?.fabricTrust ? { fabricTrust: attestor.fabricTrust } : {}),
    });
    return {
      deps,
      store,
      ledger,
      filingPorts: { store: new FilingStore(deps), filingSystem },
      signing,
      ledgerEventPorts: ledgerEventBindings({ deps, ledger, outbox: signing.anchorPorts.outbox }),
      // The certificate's own check of its bundle trusts the CA, and the TSA's CA when TSA_CA_FILE names another.
      evidence: {
        serviceSeal,
        ...(attestor ? { attestor } : {}),
        bundleTrust,
      },
      apiModules: [
        ...lifecycleApiModules(deps),
        signing.apiModule,
        evidenceApi({ signing: signing.deps.signing, seals: store.seals, relaysOfBatch, ...(attestor ? { attestor } : {}) }),
        publicEvidenceApi({
          ledger,
          responder,
          clock,
          ca: certificates.ca,
          signing: signing.deps,
          reportFont,
          bundleTrust,
          sealCodes: publicSealCodes(store.models.seals),
        }),
        ...evidenceAccess.apiModules,
        webhooks.apiModule,
        statsRoutes(statisticsSources(mongo, store, signing.deps.signing.records), clock),
      ],
      probes: [ledgerHealthProbe(ledger)],
      events,
      webhooks,
      sweep: (now?: Date) => runOutboxSweep(deps, now),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
