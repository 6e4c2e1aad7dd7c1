import type { ServerExtension, ServerInfra } from '../start-server';
import { createServices, type Services, type ServicesOptions } from './create-services';

/** Default period of the outbox sweep (ledger reconciler, filing re-dispatch, expiry) in a running server. */
export const DEFAULT_SWEEP_INTERVAL_MS = 30_000;

/**
 * Plugs the seal lifecycle into `startServer({ extend })`: reuses the server's MongoDB connection,
 * adds the routes and the ledger's health probe, runs the sweep periodically, and hands the built
 * services to `onReady` (`composeApplication` binds the worker's processors and the ledger-event
 * consumer to them: `filingPorts`, `signing.anchorPorts`, `ledgerEventPorts`).
 */
export function lifecycleServerExtension(
  options: Omit<ServicesOptions, 'mongo'> & { onReady?(services: Services): void } = {},
): (infra: ServerInfra) => Promise<ServerExtension> {
  return async (infra) => {
    const services = await createServices(infra.config, {
      sweepIntervalMs: DEFAULT_SWEEP_INTERVAL_MS,
      logger: infra.logger,
      metrics: infra.metrics.business,
      ...options,
      mongo: infra.mongo,
    });
    options.onReady?.(services);
    return { apiModules: services.apiModules, probes: services.probes, close: () => services.close() };
  };
}
