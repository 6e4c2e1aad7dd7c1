import { Schema, type Connection, type Model } from 'mongoose';
import { protectedIdentitySchema } from './protected-identity.schema';
import type { ProtectedIdentity } from './identity-protector';

/** Kinds of unit that may hold official seals (the seed regulation covers all of them). */
export const UNIT_CATEGORIES = ['STATE_ORGAN', 'ENTERPRISE', 'INSTITUTION', 'SOCIAL_ORGANISATION', 'INDIVIDUAL_BUSINESS', 'OTHER'] as const;
export type UnitCategory = (typeof UNIT_CATEGORIES)[number];

export interface UnitDoc {
  _id: string;
  name: string;
  /** Validated with its GB 32100 check character before it gets here; unique. */
  uscc: string;
  category: UnitCategory;
  legalRepresentative: ProtectedIdentity;
  /** The legal representative as a person record, so position seals can name them. */
  legalRepresentativePersonId: string;
  createdAt: Date;
  updatedAt: Date;
}

const unitSchema = new Schema<UnitDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    uscc: { type: String, required: true, unique: true },
    category: { type: String, enum: UNIT_CATEGORIES, required: true },
    legalRepresentative: { type: protectedIdentitySchema, required: true },
    legalRepresentativePersonId: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);

export function unitModel(connection: Connection): Model<UnitDoc> {
  return connection.models.Unit ?? connection.model<UnitDoc>('Unit', unitSchema, 'units');
}
