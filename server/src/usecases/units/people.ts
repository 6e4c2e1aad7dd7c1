import type { IdentityInput, PersonDoc, Store, IdentityProtector } from '../../store';
import { isDuplicateKeyError, newId } from '../../store';
import { assertSafeName } from '../../domain';

/**
 * The person record for this ID number in this unit, created on first use. Lookup goes through the
 * keyed hash: the clear number is never queried or stored.
 */
export async function ensurePerson(store: Store, identities: IdentityProtector, unitId: string, input: IdentityInput): Promise<PersonDoc> {
  assertSafeName(input.name, 'name');
  const identity = identities.protect(input);
  const existing = await store.people.findOne({ unitId, idNumberHash: identity.idNumberHash }).lean<PersonDoc>();
  if (existing) return existing;
  try {
    const created = await store.people.create({ _id: newId('person'), unitId, identity, idNumberHash: identity.idNumberHash });
    return created.toObject();
  } catch (error) {
    // Two requests registered the same person at once: the unique index kept one; use it.
    if (!isDuplicateKeyError(error)) throw error;
    return (await store.people.findOne({ unitId, idNumberHash: identity.idNumberHash }).lean<PersonDoc>())!;
  }
}
