import { assertAllowed, type Caller } from '../../access';
import { mapPage, pagePeople, pageUnits, type ListPage, type PageRequest, type PersonDoc, type UnitDoc } from '../../store';
import type { LifecycleDeps } from '../seals/lifecycle-deps';
import { unitView, type UnitView } from './unit-view';

export interface ListUnitsQuery extends PageRequest {
  category?: UnitDoc['category'];
}

/** Units: makers and public security see all; a unit-scoped caller sees only their own. */
export async function listUnits(deps: LifecycleDeps, caller: Caller, query: ListUnitsQuery): Promise<ListPage<UnitView>> {
  const unitId = caller.kind === 'api-client' ? undefined : caller.unitId;
  assertAllowed(caller, 'unit.read', unitId === undefined ? {} : { unitId });
  const page = await pageUnits(deps.store, { unitId, category: query.category }, query);
  return mapPage(page, (units) => units.map(unitView));
}

/** A person as lists show them: masked, never the clear ID number. */
export interface PersonView {
  personId: string;
  unitId: string;
  name: string;
  idNumberMasked: string;
  createdAt: string;
}

/** The people a unit registered (legal representative, custodians, holders, agents). */
export async function listPeople(deps: LifecycleDeps, caller: Caller, unitId: string, query: PageRequest): Promise<ListPage<PersonView>> {
  assertAllowed(caller, 'unit.read', { unitId });
  const page = await pagePeople(deps.store, unitId, query);
  return mapPage(page, (people) => people.map(personView));
}

function personView(person: PersonDoc): PersonView {
  return {
    personId: person._id,
    unitId: person.unitId,
    name: person.identity.nameMasked,
    idNumberMasked: person.identity.idNumberMasked,
    createdAt: new Date(person.createdAt).toISOString(),
  };
}
