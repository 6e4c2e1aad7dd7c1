import type { Registry } from 'prom-client';
import { relayRoutes, type RelaySubjects } from '../api/relay/relay-routes';
import type { ServerExtension, ServerInfra } from '../start-server';
import { createRelayMetrics, MongoRelayStore, relayModel, type RelayMetrics, type RelayRequeuePort } from '../relay';
import { getSeal } from '../usecases/seals';
import { getSigningRecord } from '../usecases/signing';
import type { Services } from './create-services';

export interface RelayExtensionOptions {
  /** The lifecycle's services (built by the lifecycle extension before this one): seal and signature access checks. */
  services(): Services | undefined;
  /** Puts retried dead letters back on their queue (the worker's BullRelayQueue). */
  queue: RelayRequeuePort;
  /** The app's metrics registry, so /metrics shows the relay's counters. */
  registry: Registry;
  /** Hands the store and metrics to the relay wiring (relay-wiring.ts), which runs the relay worker on them. */
  onReady?(relay: { store: MongoRelayStore; metrics: RelayMetrics }): void;
}

function lifecycle(options: RelayExtensionOptions): Services {
  const services = options.services();
  if (!services) throw new Error('the relay extension needs the lifecycle extension before it');
  return services;
}

/** Plugs the court-chain relay's records into `startServer({ extend })`: the store, its routes and its metrics. */
export function relayServerExtension(options: RelayExtensionOptions): (infra: ServerInfra) => Promise<ServerExtension> {
  return async (infra) => {
    // Confirmed relays feed the lookup index and webhooks through the lifecycle's event hub.
    const store = new MongoRelayStore(relayModel(infra.mongo), undefined, {
      relayConfirmed: (event) => lifecycle(options).events.relayConfirmed(event),
    });
    await store.ensureCollections();
    const metrics = createRelayMetrics(options.registry);
    const subjects: RelaySubjects = {
      async signatureBatch(caller, recordId) {
        const deps = lifecycle(options).signing.deps;
        // The record's own view: readable by this caller, with its anchoring.
        const { anchor } = await getSigningRecord(deps, caller, recordId);
        return anchor.state === 'ANCHORED' ? anchor.batchId : undefined;
      },
      async sealLedgerKey(caller, sealId) {
        // A seal not made yet has no ledger events: its own id then matches no relay.
        return (await getSeal(lifecycle(options).deps, caller, sealId)).esID ?? sealId;
      },
    };
    options.onReady?.({ store, metrics });
    return { apiModules: [relayRoutes({ store, queue: options.queue }, subjects)] };
  };
}
