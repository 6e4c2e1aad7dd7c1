import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The name a resident ID number was first registered under, across every unit: keyed by the ID
 * number's keyed hash, so the claim is a unique-key insert and the check an `_id` lookup. Only a keyed
 * hash of the name is kept; the clear name stays with the unit's person record.
 */
export interface IdentityNameDoc {
  /** IdentityProtector.idNumberHash of the resident ID number. */
  _id: string;
  /** IdentityProtector.nameHash of the name. */
  nameHash: string;
  createdAt: Date;
}

const identityNameSchema = new Schema<IdentityNameDoc>(
  {
    _id: { type: String, required: true },
    nameHash: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export function identityNameModel(connection: Connection): Model<IdentityNameDoc> {
  return connection.models.IdentityName ?? connection.model<IdentityNameDoc>('IdentityName', identityNameSchema, 'identity_names');
}
