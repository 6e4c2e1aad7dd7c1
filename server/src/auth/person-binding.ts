import type { Model } from 'mongoose';
import { separationRefusal } from '../access/separation-of-duties';
import type { PersonDoc } from '../store/person.model';
import type { AccountDoc } from './account.model';
import type { PersonBindingDoc } from './person-binding.model';

/**
 * Binds the new account to its person: a person of the account's own unit, with no other active
 * account (else one person could approve, under a second account, what they keep under the first).
 * A binding left by an account that is disabled, or that was never created (a crash between the two
 * inserts; older than a minute, so not one being created right now), is taken over.
 */
export async function bindPerson(
  models: { people: Model<PersonDoc>; bindings: Model<PersonBindingDoc>; accounts: Model<AccountDoc> },
  binding: { personId: string; unitId: string | undefined; accountId: string; at: Date },
): Promise<void> {
  const person = await models.people.findById(binding.personId, { unitId: 1 }).lean<Pick<PersonDoc, 'unitId'>>();
  if (!person || binding.unitId === undefined || person.unitId !== binding.unitId) {
    throw separationRefusal('PERSON_NOT_IN_UNIT', 'an account can only be bound to a person of its own unit', {
      personId: binding.personId,
    });
  }
  const doc = { _id: binding.personId, accountId: binding.accountId, unitId: binding.unitId, at: binding.at };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await models.bindings.create(doc);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
    const existing = await models.bindings.findById(binding.personId).lean<PersonBindingDoc>();
    if (existing && !(await isStale(models.accounts, existing, binding.at))) break;
    if (existing) await models.bindings.deleteOne({ _id: binding.personId, accountId: existing.accountId });
  }
  throw separationRefusal('PERSON_ALREADY_BOUND', 'this person already has an active account', { personId: binding.personId });
}

const CREATION_GRACE_MS = 60_000;

async function isStale(accounts: Model<AccountDoc>, existing: PersonBindingDoc, now: Date): Promise<boolean> {
  const holder = await accounts.findById(existing.accountId, { disabled: 1 }).lean<Pick<AccountDoc, 'disabled'>>();
  if (holder) return holder.disabled;
  return now.getTime() - new Date(existing.at).getTime() > CREATION_GRACE_MS;
}

/** Frees the binding of an account that could not be created after all. */
export async function unbindPerson(bindings: Model<PersonBindingDoc>, personId: string, accountId: string): Promise<void> {
  await bindings.deleteOne({ _id: personId, accountId });
}
