import { assertAllowed, type Caller } from '../../access';
import { mapPage, pageFilings, type FilingDoc, type FilingState, type ListPage, type PageRequest } from '../../store';
import type { LifecycleDeps } from './lifecycle-deps';

export interface FilingListView {
  filingId: string;
  sealId: string;
  unitId: string;
  action: string;
  state: FilingState;
  attempts: number;
  ackId?: string;
  filedAt?: string;
  lastError?: string;
  createdAt: string;
}

export interface ListFilingsQuery extends PageRequest {
  unitId?: string;
  sealId?: string;
  /** PENDING: still owed to public security; FAILED: refused, needs a person. */
  state?: FilingState;
}

/** Filings (备案) and their state across seals, for makers and public security; a unit sees its own. */
export async function listFilings(deps: LifecycleDeps, caller: Caller, query: ListFilingsQuery): Promise<ListPage<FilingListView>> {
  const unitId = query.unitId ?? caller.unitId;
  assertAllowed(caller, 'seal.read', unitId === undefined ? {} : { unitId });
  const page = await pageFilings(deps.store, { unitId, sealId: query.sealId, state: query.state }, query);
  return mapPage(page, (filings) => filings.map(filingListView));
}

function filingListView(f: FilingDoc): FilingListView {
  return {
    filingId: f._id,
    sealId: f.sealId,
    unitId: f.unitId,
    action: f.action,
    state: f.state,
    attempts: f.attempts,
    ...(f.ackId ? { ackId: f.ackId } : {}),
    ...(f.filedAt ? { filedAt: f.filedAt } : {}),
    ...(f.lastError ? { lastError: f.lastError } : {}),
    createdAt: new Date(f.createdAt).toISOString(),
  };
}
