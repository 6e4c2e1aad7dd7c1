import { SealError } from '@eseal/core';
import type { ListPage, PageRequest } from '../store';
import type { MongoRelayStore, RelayFilter, RelayView } from './relay-store';

/** Puts a reopened relay's job back on its court chain's queue (the worker's BullRelayQueue fits). */
export interface RelayRequeuePort {
  requeue(adapterId: string, relayId: string): Promise<void>;
}

export interface RelayAdminDeps {
  readonly store: MongoRelayStore;
  readonly queue: RelayRequeuePort;
}

export const MAX_RELAY_LIST = 500;

export async function getRelay(deps: Pick<RelayAdminDeps, 'store'>, relayId: string): Promise<RelayView> {
  const relay = await deps.store.load(relayId);
  if (!relay) throw new SealError('NOT_FOUND', 'no such relay', { details: { relayId } });
  return relay;
}

export function listRelays(
  deps: Pick<RelayAdminDeps, 'store'>,
  filter: RelayFilter,
  request: PageRequest = { limit: MAX_RELAY_LIST },
): Promise<ListPage<RelayView>> {
  return deps.store.list(filter, { ...request, limit: Math.min(Math.max(request.limit, 1), MAX_RELAY_LIST) });
}

/**
 * An operator's retry of a dead letter. Only DEAD is retried: REJECTED is the court's own answer
 * (sending it again would only be refused again) and CONFIRMED is done.
 */
export async function retryRelay(deps: RelayAdminDeps, relayId: string): Promise<RelayView> {
  const relay = await getRelay(deps, relayId);
  if (relay.state !== 'DEAD') {
    throw new SealError('RELAY_NOT_RETRYABLE', `relay is ${relay.state}; only a dead letter (DEAD) is retried`, {
      details: { relayId, state: relay.state },
    });
  }
  await deps.store.reopen(relayId);
  await deps.queue.requeue(relay.adapterId, relayId);
  return getRelay(deps, relayId);
}
