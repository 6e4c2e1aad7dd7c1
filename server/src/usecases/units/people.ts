import { SealError } from '@eseal/core';
import type { IdentityInput, PersonDoc, ProtectedIdentity, Store, IdentityProtector } from '../../store';
import { assertSafeName } from '../../domain';

/**
 * The person record for this ID number in this unit, created on first use. Lookup goes through the
 * keyed hash: the clear number is never queried or stored.
 */
export async function ensurePerson(store: Store, identities: IdentityProtector, unitId: string, input: IdentityInput): Promise<PersonDoc> {
  assertSafeName(input.name, 'name');
  const identity = identities.protect(input);
  await assertKnownUnderThisName(store, identities, identity);
  const existing = await store.people.inUnit(unitId, identity.idNumberHash);
  if (existing) {
    // A record from before the name claims existed: its name is the one to match.
    if (identities.nameHash(existing.identity.name) !== identities.nameHash(identity.name)) throw nameMismatch();
    return existing;
  }
  return store.people.add(unitId, identity);
}

/**
 * One resident ID number, one name, across every unit: registering a known number under another name
 * is a typing error or an impersonation, never the same person. The first registration claims the
 * name with a unique-key insert, so two concurrent registrations under two names cannot both win.
 */
async function assertKnownUnderThisName(store: Store, identities: IdentityProtector, identity: ProtectedIdentity): Promise<void> {
  const nameHash = identities.nameHash(identity.name);
  if (await store.identityNames.claim(identity.idNumberHash, nameHash)) return;
  const known = await store.identityNames.nameHashOf(identity.idNumberHash);
  if (known !== undefined && known !== nameHash) throw nameMismatch();
}

function nameMismatch(): SealError {
  // Neither name nor number in the message: both are personal data and errors end up in logs.
  return new SealError('IDENTITY_NAME_MISMATCH', 'this resident ID number is already registered under another name', {
    details: { field: 'idNumber' },
  });
}
