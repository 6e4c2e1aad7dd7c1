import { Schema } from 'mongoose';
import type { ProtectedIdentity } from './identity-protector';

/** Embedded personal data: never a clear ID number or phone, only cipher, keyed hash and masks. */
export const protectedIdentitySchema = new Schema<ProtectedIdentity>(
  {
    name: { type: String, required: true },
    nameMasked: { type: String, required: true },
    idNumberCipher: { type: String, required: true },
    idNumberHash: { type: String, required: true },
    idNumberMasked: { type: String, required: true },
    phoneCipher: String,
    phoneMasked: String,
  },
  { _id: false },
);
