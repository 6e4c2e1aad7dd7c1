import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import type { SealKind, SealStatus } from '../../domain';
import type { SealHistoryEntry } from '../../ledger';
import { mapPage, type ListPage, type PageRequest } from '../../store';
import type { LifecycleDeps } from './lifecycle-deps';
import { loadSeal } from './seal-record';
import { sealView, sealViews, type SealView } from './seal-view';
import { esIdOf } from './seal-identity';

export interface ListSealsQuery extends PageRequest {
  unitId?: string;
  status?: SealStatus;
  kind?: SealKind;
}

/** Unit-scoped callers only ever see their own unit: the unit filter is theirs whether they ask or not. */
export async function listSeals(deps: LifecycleDeps, caller: Caller, query: ListSealsQuery): Promise<ListPage<SealView>> {
  const unitId = query.unitId ?? caller.unitId;
  if (unitId === undefined && caller.kind === 'api-client') {
    throw new SealError('VALIDATION_FAILED', 'unitId is required', { details: { field: 'unitId' } });
  }
  assertAllowed(caller, 'seal.read', unitId === undefined ? {} : { unitId });
  const page = await deps.store.seals.page({ unitId, status: query.status, kind: query.kind }, query);
  return mapPage(page, (docs) => sealViews(deps.store, docs));
}

export async function getSeal(deps: LifecycleDeps, caller: Caller, sealId: string): Promise<SealView> {
  const seal = await loadSeal(deps.store, sealId);
  assertAllowed(caller, 'seal.read', { unitId: seal.unitId });
  return sealView(deps.store, seal);
}

/** What the ledger recorded for the seal, newest first: the evidence, independent of our own database. */
export async function getSealLedgerHistory(deps: LifecycleDeps, caller: Caller, sealId: string): Promise<SealHistoryEntry[]> {
  const seal = await loadSeal(deps.store, sealId);
  assertAllowed(caller, 'seal.read', { unitId: seal.unitId });
  return deps.ledger.getSealHistory(esIdOf(seal));
}

export interface FilingStatusView {
  filingId: string;
  action: string;
  state: string;
  attempts: number;
  ackId?: string;
  filedAt?: string;
  lastError?: string;
}

export async function getSealFilings(deps: LifecycleDeps, caller: Caller, sealId: string): Promise<FilingStatusView[]> {
  const seal = await loadSeal(deps.store, sealId);
  assertAllowed(caller, 'seal.read', { unitId: seal.unitId });
  const filings = await deps.store.filings.ofSeal(sealId);
  return filings.map((f) => ({
    filingId: f._id,
    action: f.action,
    state: f.state,
    attempts: f.attempts,
    ...(f.ackId ? { ackId: f.ackId } : {}),
    ...(f.filedAt ? { filedAt: f.filedAt } : {}),
    ...(f.lastError ? { lastError: f.lastError } : {}),
  }));
}
