import { SealError } from '@eseal/core';
import { assertAllowed, auditActor, type Caller } from '../../access';
import { assertSafeName, parseUscc } from '../../domain';
import { newId, recordAudit, type IdentityInput, type UnitCategory, type UnitDoc } from '../../store';
import type { LifecycleDeps } from '../seals/lifecycle-deps';
import { ensurePerson } from './people';
import { unitView, type UnitView } from './unit-view';

export interface RegisterUnitInput {
  name: string;
  uscc: string;
  category: UnitCategory;
  legalRepresentative: IdentityInput;
}

/** Registers a unit: USCC checked (GB 32100 check character) and unique; the legal representative stored protected. */
export async function registerUnit(deps: LifecycleDeps, caller: Caller, input: RegisterUnitInput): Promise<UnitView> {
  assertAllowed(caller, 'unit.register');
  const { code: uscc } = parseUscc(input.uscc);
  const name = input.name.trim();
  if (name === '') throw new SealError('VALIDATION_FAILED', 'name is required', { details: { field: 'name' } });
  assertSafeName(name, 'name');
  assertSafeName(input.legalRepresentative.name, 'legalRepresentative.name');
  const legalRepresentative = deps.identities.protect(input.legalRepresentative);
  const unitId = newId('unit');
  const person = await ensurePerson(deps.store, deps.identities, unitId, input.legalRepresentative);
  const unit = await deps.store.units.register({
    _id: unitId,
    name,
    uscc,
    category: input.category,
    legalRepresentative,
    legalRepresentativePersonId: person._id,
  });
  if (!unit) {
    await deps.store.people.remove(person._id);
    throw new SealError('UNIT_ALREADY_REGISTERED', 'a unit with this unified social credit code is already registered', {
      details: { uscc },
    });
  }
  await recordAudit(deps.store.audit, {
    action: 'UNIT_REGISTER',
    actor: { ...auditActor(caller), ...(caller.ip === undefined ? {} : { ip: caller.ip }) },
    unitId,
    at: deps.clock(),
    details: { uscc },
  });
  return unitView(unit);
}

export async function getUnit(deps: LifecycleDeps, caller: Caller, unitId: string): Promise<UnitView> {
  assertAllowed(caller, 'unit.read', { unitId });
  const unit = await deps.store.units.byId(unitId);
  if (!unit) throw new SealError('NOT_FOUND', 'no such unit', { details: { unitId } });
  return unitView(unit);
}

export async function loadUnit(deps: LifecycleDeps, unitId: string): Promise<UnitDoc> {
  const unit = await deps.store.units.byId(unitId);
  if (!unit) throw new SealError('NOT_FOUND', 'no such unit', { details: { unitId } });
  return unit;
}
