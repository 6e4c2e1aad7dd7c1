import type { SealKind, SealStatus } from '../domain';
import type { ApplicationDoc } from './application.model';
import type { FilingDoc } from './filing.model';
import type { FilingState, SealDoc } from './seal.model';
import type { PersonDoc } from './person.model';
import type { UnitDoc } from './unit.model';
import { pageById, type ListPage, type PageRequest } from './list-page';
import type { Store } from './store';

/** Drops the filters the caller did not give, so a list query names only what it filters by. */
function given(filter: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

/**
 * Applications by the status of the seal they opened (SUBMITTED: waiting for review), unit and kind.
 * The status lives on the seal, so the page runs over seals and brings their applications along.
 */
export async function pageApplications(
  store: Pick<Store, 'models' | 'applications'>,
  filter: { unitId?: string; status?: SealStatus; kind?: SealKind },
  request: PageRequest,
): Promise<ListPage<{ application: ApplicationDoc; seal: SealDoc }>> {
  const seals = await pageById(store.models.seals, given(filter), request, { imprintPng: 0, seseal: 0 });
  const ids = seals.items.map((s) => s.applicationId);
  const applications = ids.length === 0 ? [] : await store.models.applications.find({ _id: { $in: ids } }).lean<ApplicationDoc[]>();
  const byId = new Map(applications.map((a) => [a._id, a]));
  const items = seals.items.flatMap((seal) => {
    const application = byId.get(seal.applicationId);
    return application ? [{ application, seal }] : [];
  });
  return seals.nextCursor === undefined ? { items } : { items, nextCursor: seals.nextCursor };
}

export function pageUnits(store: Pick<Store, 'models'>, filter: { unitId?: string; category?: UnitDoc['category'] }, request: PageRequest) {
  return pageById(store.models.units, given({ _id: filter.unitId, category: filter.category }), request);
}

export function pagePeople(store: Pick<Store, 'models'>, unitId: string, request: PageRequest): Promise<ListPage<PersonDoc>> {
  return pageById(store.models.people, { unitId }, request);
}

/** Filings (备案) and their state: PENDING ones are still owed to public security. */
export function pageFilings(
  store: Pick<Store, 'models'>,
  filter: { unitId?: string; sealId?: string; state?: FilingState },
  request: PageRequest,
): Promise<ListPage<FilingDoc>> {
  return pageById(store.models.filings, given(filter), request, { record: 0 });
}
