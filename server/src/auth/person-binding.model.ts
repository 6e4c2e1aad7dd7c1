import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Which account a person signs in with: `_id` = person id, so a person has at most one binding and two
 * accounts created for the same person at once cannot both get it (a unique _id insert; a check
 * followed by an insert would let both through on FerretDB v1).
 */
export interface PersonBindingDoc {
  _id: string;
  accountId: string;
  unitId: string;
  at: Date;
}

const personBindingSchema = new Schema<PersonBindingDoc>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    unitId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export function personBindingModel(connection: Connection): Model<PersonBindingDoc> {
  return (
    connection.models.AccountPersonBinding ??
    connection.model<PersonBindingDoc>('AccountPersonBinding', personBindingSchema, 'account_person_bindings')
  );
}
