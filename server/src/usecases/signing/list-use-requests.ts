import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { mapPage, type ListPage, type PageRequest } from '../../store';
import type { UseRequestState } from '../../store/signing';
import type { SigningDeps } from './signing-deps';
import { useRequestView, type UseRequestView } from './use-request-view';

export interface ListUseRequestsQuery extends PageRequest {
  unitId?: string;
  sealId?: string;
  /** PENDING: waiting for an approver's decision. */
  state?: UseRequestState;
}

/** Seal use requests of a unit (its own for unit-scoped callers), by seal and state. */
export async function listUseRequests(deps: SigningDeps, caller: Caller, query: ListUseRequestsQuery): Promise<ListPage<UseRequestView>> {
  const unitId = query.unitId ?? caller.unitId;
  if (unitId === undefined && caller.kind === 'api-client') {
    throw new SealError('VALIDATION_FAILED', 'unitId is required', { details: { field: 'unitId' } });
  }
  assertAllowed(caller, 'use.read', unitId === undefined ? {} : { unitId });
  const page = await deps.signing.useRequestRepository.page({ unitId, sealId: query.sealId, state: query.state }, query);
  return mapPage(page, (docs) => docs.map(useRequestView));
}
