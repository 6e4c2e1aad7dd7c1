import { courtCertificateRoutes } from '../api/court/court-certificate-routes';
import { certificateRoutes } from '../api/evidence/certificate-routes';
import { evidenceReadModel } from '../court';
import type { ServerExtension, ServerInfra } from '../start-server';
import { EvidenceCertificateStore } from '../store/evidence';
import {
  produceCertificate,
  serviceSealRegistrar,
  type CertificateDeps,
  type CertificateOutcome,
  type CertificateQueuePort,
} from '../usecases/evidence/certificates';
import { readCertificateSettings, readReportFont } from './certificate-settings';
import type { Services } from './create-services';
import { relayReader } from './relay-reader';

/** What the worker's certificate processor is bound to (worker/src/certificate/ports.ts restates it). */
export interface CertificateProducer {
  produce(certificateNumber: string): Promise<CertificateOutcome>;
  recordFailure(certificateNumber: string, reason: string, final: boolean): Promise<void>;
}

export interface CertificateExtensionOptions {
  /** The lifecycle's services (built by the lifecycle extension before this one). */
  services(): Services | undefined;
  queue: CertificateQueuePort;
  /** PUBLIC_BASE_URL and REPORT_FONT (certificate-settings.ts). */
  env: Record<string, string | undefined>;
  /** Hands the producer (for the worker) and the store (for the public lookup) to the launcher. */
  onReady?(certificates: { producer: CertificateProducer; store: EvidenceCertificateStore; deps: CertificateDeps }): void;
}

/** Plugs evidence certificates into `startServer({ extend })`: their collections, routes, and the worker's producer. */
export function certificateServerExtension(options: CertificateExtensionOptions): (infra: ServerInfra) => Promise<ServerExtension> {
  return async (infra) => {
    const services = options.services();
    if (!services) throw new Error('the certificate extension needs the lifecycle extension before it');
    const settings = readCertificateSettings(options.env, infra.config);
    // Certificates are printed once: a QR code that opens localhost cannot be fixed afterwards.
    if (settings.publicBaseUrlDefaulted)
      infra.logger.warn(
        { publicBaseUrl: settings.publicBaseUrl },
        'PUBLIC_BASE_URL is unset: evidence certificates issued now carry a QR code that opens this machine only; set it to the public address',
      );
    const store = EvidenceCertificateStore.of(infra.mongo);
    await store.ensureCollections();
    const { serviceSeal, attestor, bundleTrust } = services.evidence;
    const deps: CertificateDeps = {
      store: services.store,
      signing: services.signing.deps.signing,
      certificates: store,
      relaysOf: relayReader(infra.mongo),
      ledger: services.ledger,
      ...(attestor ? { attestor } : {}),
      bundleTrust,
      serviceSeal,
      registerServiceSeal: serviceSealRegistrar(services.ledger, serviceSeal),
      font: readReportFont(settings),
      publicBaseUrl: settings.publicBaseUrl,
      queue: options.queue,
      clock: services.deps.clock,
    };
    const producer: CertificateProducer = {
      produce: (certificateNumber) => produceCertificate(deps, certificateNumber),
      recordFailure: (certificateNumber, reason, final) => store.recordFailure(certificateNumber, reason, final),
    };
    options.onReady?.({ producer, store, deps });
    // Courts reach certificates through their own routes, each call recorded in evidence_reads for the unit.
    const courtReads = { reads: evidenceReadModel(infra.mongo), clock: deps.clock };
    return { apiModules: [certificateRoutes(deps), courtCertificateRoutes({ ...deps, ...courtReads })] };
  };
}
