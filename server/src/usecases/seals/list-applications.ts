import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import type { SealKind, SealStatus } from '../../domain';
import { mapPage, pageApplications, type ListPage, type PageRequest } from '../../store';
import { applicationView, type ApplicationView } from './application-view';
import type { LifecycleDeps } from './lifecycle-deps';

export interface ListApplicationsQuery extends PageRequest {
  unitId?: string;
  /** SUBMITTED: the applications waiting for a maker's review. */
  status?: SealStatus;
  kind?: SealKind;
}

/** Seal applications by status, unit and kind; unit-scoped callers see their own unit's only. */
export async function listApplications(
  deps: LifecycleDeps,
  caller: Caller,
  query: ListApplicationsQuery,
): Promise<ListPage<ApplicationView>> {
  const unitId = query.unitId ?? caller.unitId;
  if (unitId === undefined && caller.kind === 'api-client') {
    throw new SealError('VALIDATION_FAILED', 'unitId is required', { details: { field: 'unitId' } });
  }
  assertAllowed(caller, 'application.read', unitId === undefined ? {} : { unitId });
  const page = await pageApplications(deps.store, { unitId, status: query.status, kind: query.kind }, query);
  return mapPage(page, (rows) => Promise.all(rows.map((r) => applicationView(deps.store, r.application, r.seal))));
}
