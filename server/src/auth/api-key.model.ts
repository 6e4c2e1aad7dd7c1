import { Schema, type Connection, type Model } from 'mongoose';
import { CLIENT_CLASSES, type ClientClass } from '../access/caller';
import type { Operation } from '../access/operations';

export type ApiKeyStatus = 'ACTIVE' | 'REVOKED';

/**
 * An API key of a third-party system (第十八条). Only the HMAC-SM3 of the secret is stored; the `_id`
 * is the public prefix that lets one indexed read find the key without scanning hashes.
 */
export interface ApiKeyDoc {
  _id: string;
  name: string;
  clientClass: ClientClass;
  /** Operations this key may perform (a subset of what its class allows). */
  scopes: Operation[];
  /** Units whose seals and records the key may touch. */
  unitIds: string[];
  secretHash: string;
  status: ApiKeyStatus;
  expiresAt: Date;
  createdBy: string;
  revokedAt?: Date;
  revokedBy?: string;
  /** Set on the key a rotation replaced, naming its successor. */
  rotatedTo?: string;
  createdAt: Date;
  updatedAt: Date;
}

const apiKeySchema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    clientClass: { type: String, enum: CLIENT_CLASSES, required: true },
    scopes: { type: [String], required: true },
    unitIds: { type: [String], required: true },
    secretHash: { type: String, required: true },
    status: { type: String, enum: ['ACTIVE', 'REVOKED'], required: true },
    expiresAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    revokedAt: Date,
    revokedBy: String,
    rotatedTo: String,
  },
  { timestamps: true, versionKey: false },
);
apiKeySchema.index({ unitIds: 1 });

export function apiKeyModel(connection: Connection): Model<ApiKeyDoc> {
  return connection.models.ApiKey ?? connection.model<ApiKeyDoc>('ApiKey', apiKeySchema, 'api_keys');
}
