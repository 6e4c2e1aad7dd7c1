import type { LedgerEventPorts, ProcessorFactory } from '@eseal/worker';
import { readSecurityOptions } from '../api/security';
import { securityServerExtension } from './security';
import { composeExtensions, type ExtensionFactory } from '../compose-extensions';
import type { AppConfig } from '../config/app-config';
import type { HealthProbe } from '../http/health/health-probe';
import { createMetrics, type Metrics } from '../observability';
import type { Services } from './create-services';
import { openConfiguredLedger } from './open-ledger';
import { wireArchives, type ArchiveWiring } from './archive-wiring';
import { wireCertificates, type CertificateWiring } from './certificate-wiring';
import { wireRelay, type RelayWiring } from './relay-wiring';
import { lifecycleServerExtension } from './server-extension';
import { webhookProcessors } from './webhook-wiring';
import { serviceProcessors } from './worker-processors';

/**
 * A whole service, wired: the server's features (security, lifecycle, relay, evidence certificates,
 * archives, webhooks) on one ledger client,
 * and the worker's processors and ledger-event ports bound to the same services. The launcher
 * (scripts/src/start.ts) starts the processes in this order: `startServer(config, { metrics, extend })`,
 * then `startWorker(config, { processors: processors() })`, then `startLedgerEvents(config, ledgerEventPorts())`.
 */
export interface Application {
  readonly metrics: Metrics;
  readonly extend: ExtensionFactory;
  /** Every processor the worker runs; after startServer, which builds the services they are bound to. */
  processors(): ProcessorFactory[];
  /** The ledger-event consumer's ports, with the relay's when a court chain is configured; after startServer. */
  ledgerEventPorts(): LedgerEventPorts;
  /** Closes the relay, certificate and archive queues, then the ledger client: call after the server and the worker are closed. */
  close(): Promise<void>;
}

export interface ApplicationInput {
  /** The environment the configuration was read from: feature settings are read from it too. */
  env: NodeJS.ProcessEnv;
  config: AppConfig;
  /** Health probes of the launcher's own dependencies (local simulators). */
  probes?: HealthProbe[];
}

export async function composeApplication(input: ApplicationInput): Promise<Application> {
  const { env, config } = input;
  const securityOptions = readSecurityOptions(env);
  // One ledger client for the whole process: the lifecycle writes seals and evidence through it, the
  // security feature anchors the audit log on it and verifies against it. Opened before the server
  // and closed after it, so no feature outlives it.
  const ledger = await openConfiguredLedger(config, env);
  let relay: RelayWiring;
  let certificates: CertificateWiring;
  let archives: ArchiveWiring;
  const metrics = createMetrics();
  let services: Services | undefined;
  const built = (): Services => {
    if (!services) throw new Error('the server has not started its services');
    return services;
  };
  try {
    relay = await wireRelay({ env, redisUrl: config.redisUrl, queuePrefix: config.queuePrefix, metrics, services: () => services });
    certificates = wireCertificates({
      env,
      redisUrl: config.redisUrl,
      queuePrefix: config.queuePrefix,
      services: () => services,
      onCertificateReady: ({ certificateNumber, unitId, certificateSm3 }) =>
        built().webhooks.certificateReady({ certificateNumber, unitId, data: { certificateSm3 } }),
    });
    archives = wireArchives({
      redisUrl: config.redisUrl,
      queuePrefix: config.queuePrefix,
      services: () => services,
      courtChains: relay.courtChainIds,
      onArchiveReady: ({ archiveId, unitId, packageSm3 }) => built().webhooks.archiveReady({ archiveId, unitId, data: { packageSm3 } }),
    });
  } catch (error) {
    await ledger.close();
    throw error;
  }
  const probes = input.probes ?? [];
  return {
    metrics,
    extend: composeExtensions(
      securityServerExtension({ ...securityOptions, ledger }),
      lifecycleServerExtension({ env, ledgerClient: ledger, onReady: (ready) => (services = ready) }),
      () => ({ probes }),
      relay.extension,
      certificates.extension,
      archives.extension,
    ),
    processors: () => [
      ...serviceProcessors(built()),
      ...relay.processors(),
      ...certificates.processors(),
      ...archives.processors(),
      ...webhookProcessors(built()),
    ],
    ledgerEventPorts: () => {
      const relayPort = relay.relayPort();
      return { ...built().ledgerEventPorts, ...(relayPort ? { relay: relayPort } : {}) };
    },
    close: () => closeInOrder([() => relay.close(), () => certificates.close(), () => archives.close(), () => ledger.close()]),
  };
}

/** Runs every closer even when one fails, then rethrows the first failure. */
async function closeInOrder(closers: Array<() => Promise<void>>): Promise<void> {
  let failure: unknown;
  for (const close of closers) {
    try {
      await close();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}
