/**
 * The court-chain relay's wiring: configuration (COURT_CHAINS, RELAY_CLIENT_KEY, or the local
 * simulator), the server extension (records, routes, metrics), the worker's processors and the
 * ledger events' relay port.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Sm2PrivateKey } from '@eseal/core';
import {
  BullRelayQueue,
  RelayDispatcher,
  buildCourtChain,
  openQueueConnection,
  parseCourtChains,
  parseRelayClientKey,
  relayProcessors,
  type EvidenceRelayPort,
  type ProcessorFactory,
  type RelayStorePort,
} from '@eseal/worker';
import type { Metrics } from '../observability';
import type { MongoRelayStore, RelayMetrics } from '../relay';
import { relayServerExtension } from './relay-extension';
import type { Services } from './create-services';

/** The app id the local simulator registers this service under. */
const LOCAL_APP_ID = 'eseal-local';
const LOCAL_ADAPTER_ID = 'court-sim';

/** The request-signing key for a one-machine start: RELAY_CLIENT_KEY, else a key file kept under the data folder. */
export function localRelayClientKey(env: NodeJS.ProcessEnv, dataDir: string): Sm2PrivateKey {
  if (env.RELAY_CLIENT_KEY) return parseRelayClientKey(env.RELAY_CLIENT_KEY);
  const file = path.join(dataDir, 'relay-client-key.hex');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${Buffer.from(Sm2PrivateKey.generate().bytes()).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const hex = fs.readFileSync(file, 'utf8').trim();
  env.RELAY_CLIENT_KEY = hex;
  return parseRelayClientKey(hex);
}

/** What startLocalServices needs to run the simulator when no court chain is configured. */
export function localCourtChainClients(key: Sm2PrivateKey): Array<{ appId: string; publicKeyHex: string }> {
  return [{ appId: LOCAL_APP_ID, publicKeyHex: Buffer.from(key.publicKey.point).toString('hex') }];
}

/** Points COURT_CHAINS at the local simulator. */
export function useLocalCourtChain(env: NodeJS.ProcessEnv, simulator: { url: string; publicKeyHex: string }): void {
  env.COURT_CHAINS = JSON.stringify([
    { id: LOCAL_ADAPTER_ID, type: 'http', url: simulator.url, appId: LOCAL_APP_ID, publicKey: simulator.publicKeyHex },
  ]);
}

export interface RelayWiring {
  /** Add to composeExtensions after the lifecycle extension. */
  readonly extension: ReturnType<typeof relayServerExtension>;
  /** One processor per configured court chain; call after startServer. */
  processors(): ProcessorFactory[];
  /** For the ledger events; undefined when no court chain is configured. */
  relayPort(): EvidenceRelayPort | undefined;
  /** The court chains evidence is relayed to (none when the relay is not configured). */
  readonly courtChainIds: readonly string[];
  close(): Promise<void>;
}

export async function wireRelay(input: {
  env: NodeJS.ProcessEnv;
  redisUrl: string;
  queuePrefix: string;
  metrics: Metrics;
  services: () => Services | undefined;
}): Promise<RelayWiring> {
  const chains = parseCourtChains(input.env.COURT_CHAINS);
  const clientKey = chains.length > 0 ? parseRelayClientKey(input.env.RELAY_CLIENT_KEY) : undefined;
  const adapters = clientKey ? chains.map((c) => ({ adapter: buildCourtChain(c, clientKey), limits: c.limits })) : [];
  const connection = await openQueueConnection(input.redisUrl);
  const queue = new BullRelayQueue(connection, input.queuePrefix);
  let ready: { store: MongoRelayStore; metrics: RelayMetrics } | undefined;
  const built = () => {
    if (!ready) throw new Error('the relay extension has not started');
    // The relay store restates the worker's record shape (store/ never imports the worker); the two meet here.
    return { store: ready.store satisfies RelayStorePort, observer: ready.metrics };
  };
  return {
    extension: relayServerExtension({
      services: input.services,
      queue,
      registry: input.metrics.registry,
      onReady: (relay) => (ready = relay),
    }),
    courtChainIds: adapters.map(({ adapter }) => adapter.id),
    processors: () => (adapters.length === 0 ? [] : relayProcessors({ ...built(), adapters })),
    relayPort: () => {
      if (adapters.length === 0) return undefined;
      const { store, observer } = built();
      return new RelayDispatcher(
        adapters.map(({ adapter }) => adapter),
        store,
        queue,
        observer,
      );
    },
    close: async () => {
      await Promise.all(adapters.map(({ adapter }) => adapter.close?.()));
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
