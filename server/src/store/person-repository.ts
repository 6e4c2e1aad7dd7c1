import type { Model } from 'mongoose';
import { newId } from './ids';
import type { ProtectedIdentity } from './identity-protector';
import { insertOnce } from './ferretdb';
import type { PersonDoc } from './person.model';

/** The `people` collection: one record per person per unit, found by the keyed hash of the ID number. */
export interface PersonRepository {
  byId(personId: string): Promise<PersonDoc | null>;
  byIds(personIds: readonly string[]): Promise<PersonDoc[]>;
  /** The unit's record of this ID number (its keyed hash: the clear number is never queried). */
  inUnit(unitId: string, idNumberHash: string): Promise<PersonDoc | null>;
  /** Adds the person to the unit; when a concurrent request added the same ID number first, that record. */
  add(unitId: string, identity: ProtectedIdentity): Promise<PersonDoc>;
  /** Takes back a record just added (its unit could not be registered). */
  remove(personId: string): Promise<void>;
}

export function personRepository(people: Model<PersonDoc>): PersonRepository {
  const inUnit = (unitId: string, idNumberHash: string) => people.findOne({ unitId, idNumberHash }).lean<PersonDoc>().exec();
  return {
    byId: (personId) => people.findById(personId).lean<PersonDoc>().exec(),
    byIds: async (personIds) =>
      personIds.length === 0
        ? []
        : people
            .find({ _id: { $in: personIds } })
            .lean<PersonDoc[]>()
            .exec(),
    inUnit,
    async add(unitId, identity) {
      const person = { _id: newId('person'), unitId, identity, idNumberHash: identity.idNumberHash };
      // Two requests registering the same person at once: the unique (unitId, idNumberHash) index keeps one.
      return (await insertOnce(people, person)) ?? (await inUnit(unitId, identity.idNumberHash))!;
    },
    async remove(personId) {
      await people.deleteOne({ _id: personId });
    },
  };
}
