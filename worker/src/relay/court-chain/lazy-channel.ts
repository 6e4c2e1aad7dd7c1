import type { FabricChannelConnection, FabricEndpoint, FabricIdentityFiles } from './fabric-connection';

/**
 * A channel connection opened on first use. The gRPC and Fabric Gateway modules take seconds to load on a
 * busy machine, so a worker without a Fabric court chain never loads them (as the server loads its Fabric
 * transport only for LEDGER=fabric).
 */
export interface LazyFabricChannel {
  get(): Promise<FabricChannelConnection>;
  close(): void;
}

export function lazyFabricChannel(endpoint: FabricEndpoint, identity: FabricIdentityFiles, timeoutMs: number): LazyFabricChannel {
  let opened: Promise<FabricChannelConnection> | undefined;
  return {
    get: () => (opened ??= import('./fabric-connection').then((m) => m.connectFabricChannel(endpoint, identity, timeoutMs))),
    close: () => void opened?.then((c) => c.close()).catch(() => undefined),
  };
}
