import { Schema, type Connection, type Model } from 'mongoose';
import type { ProtectedIdentity } from './identity-protector';
import { protectedIdentitySchema } from './protected-identity.schema';

/** A person known to a unit: legal representative, custodian, position-seal holder or agent. */
export interface PersonDoc {
  _id: string;
  unitId: string;
  identity: ProtectedIdentity;
  /** Copy of identity.idNumberHash at top level so the unique index can reach it. */
  idNumberHash: string;
  createdAt: Date;
  updatedAt: Date;
}

const personSchema = new Schema<PersonDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    identity: { type: protectedIdentitySchema, required: true },
    idNumberHash: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);
// One record per person per unit: the same ID number registered twice is the same person.
personSchema.index({ unitId: 1, idNumberHash: 1 }, { unique: true });

export function personModel(connection: Connection): Model<PersonDoc> {
  return connection.models.Person ?? connection.model<PersonDoc>('Person', personSchema, 'people');
}
