import { Schema, type Connection, type Model } from 'mongoose';
import { ROLES, type Role } from '../access/caller';

/** A person's sign-in account. The password is stored only as a scrypt hash; never echoed, never logged. */
export interface AccountDoc {
  _id: string;
  /** Lower-cased; unique. */
  username: string;
  passwordHash: string;
  roles: Role[];
  /** The unit of a unit-scoped person (unit admin, custodian, approver, holder). */
  unitId?: string;
  personId?: string;
  /** Optional second factor: uncompressed SM2 public point (hex) that signs sign-in challenges. */
  sm2PublicKeyHex?: string;
  /** Set for accounts created with a one-time password: the first thing to do is change it. */
  mustChangePassword: boolean;
  disabled: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const accountSchema = new Schema<AccountDoc>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    roles: { type: [String], enum: ROLES, required: true },
    unitId: String,
    personId: String,
    sm2PublicKeyHex: String,
    mustChangePassword: { type: Boolean, required: true, default: false },
    disabled: { type: Boolean, required: true, default: false },
    createdBy: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);

export function accountModel(connection: Connection): Model<AccountDoc> {
  return connection.models.Account ?? connection.model<AccountDoc>('Account', accountSchema, 'accounts');
}
