import { SealError } from '@eseal/core';
import type { ServerExtension, ServerInfra } from './start-server';

export type ExtensionFactory = (infra: ServerInfra) => Promise<ServerExtension> | ServerExtension;

/**
 * Runs feature extensions in order on the same infrastructure and merges what they add: probes and
 * routes accumulate; the route guard and the HTTP security layer are single, so two features
 * supplying one is a wiring mistake caught at start-up. If a later feature fails to start, the
 * earlier ones are closed, so a failed start never leaks timers or connections.
 */
export function composeExtensions(...factories: ExtensionFactory[]): ExtensionFactory {
  return async (infra) => {
    const started: ServerExtension[] = [];
    const closeStarted = async () => {
      for (const extension of started.splice(0).reverse()) await extension.close?.();
    };
    try {
      for (const factory of factories) started.push(await factory(infra));
    } catch (error) {
      await closeStarted().catch(() => undefined);
      throw error;
    }
    const single = <K extends 'routeGuard' | 'security'>(key: K): ServerExtension[K] => {
      const supplied = started.filter((e) => e[key] !== undefined);
      if (supplied.length > 1) throw new SealError('CONFIG_INVALID', `more than one server extension supplies ${key}`);
      return supplied[0]?.[key];
    };
    const routeGuard = single('routeGuard');
    const security = single('security');
    const snapshot = [...started];
    return {
      probes: started.flatMap((e) => e.probes ?? []),
      apiModules: started.flatMap((e) => e.apiModules ?? []),
      ...(routeGuard ? { routeGuard } : {}),
      ...(security ? { security } : {}),
      close: async () => {
        // Later features may depend on earlier ones (routes on the ledger): close in reverse.
        for (const extension of snapshot.reverse()) await extension.close?.();
      },
    };
  };
}
