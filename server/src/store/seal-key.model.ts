import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A seal's SM2 private key, only ever stored wrapped under the custodian's PIN and the server KEK. A
 * blob is never rewritten: a custody handover stores a new document (the wrap is bound to its id),
 * the seal switches its keyId in the handover's commit, and the outgoing document is deleted.
 */
export interface SealKeyDoc {
  _id: string;
  sealId: string;
  wrapped: Buffer;
  /** Uncompressed public point, hex: lets a certificate be re-issued (renewal) without the PIN. */
  publicKeyHex: string;
  /**
   * Wrapped under a PIN someone other than the custodian chose (the maker's initial PIN, the PIN an
   * administrator typed at a handover): a one-time PIN, changed by the custodian before the first signing.
   */
  initialPin?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const sealKeySchema = new Schema<SealKeyDoc>(
  {
    _id: { type: String, required: true },
    sealId: { type: String, required: true, index: true },
    wrapped: { type: Buffer, required: true },
    publicKeyHex: { type: String, required: true },
    initialPin: Boolean,
  },
  { timestamps: true, versionKey: false },
);

export function sealKeyModel(connection: Connection): Model<SealKeyDoc> {
  return connection.models.SealKey ?? connection.model<SealKeyDoc>('SealKey', sealKeySchema, 'seal_keys');
}
