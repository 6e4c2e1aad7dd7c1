import { Schema, type Connection, type Model } from 'mongoose';
import type { FilingEvent } from '../domain';
import type { FilingState } from './seal.model';

/** One filing with public security: the exact record sent (so a retry sends the same content) and its answer. */
export interface FilingDoc {
  _id: string;
  sealId: string;
  unitId: string;
  action: FilingEvent;
  /** Position in the seal's filings: a change is only sent after the earlier filings are acknowledged. */
  sequence: number;
  record: Record<string, unknown>;
  state: FilingState;
  attempts: number;
  ackId?: string;
  filedAt?: string;
  lastError?: string;
  createdAt: Date;
  updatedAt: Date;
}

const filingSchema = new Schema<FilingDoc>(
  {
    _id: { type: String, required: true },
    sealId: { type: String, required: true },
    unitId: { type: String, required: true },
    action: { type: String, required: true },
    sequence: { type: Number, required: true },
    record: { type: Schema.Types.Mixed, required: true },
    state: { type: String, required: true },
    attempts: { type: Number, required: true, default: 0 },
    ackId: String,
    filedAt: String,
    lastError: String,
  },
  { timestamps: true, versionKey: false, minimize: false },
);
filingSchema.index({ sealId: 1, sequence: 1 }, { unique: true });
filingSchema.index({ state: 1 });

export function filingModel(connection: Connection): Model<FilingDoc> {
  return connection.models.Filing ?? connection.model<FilingDoc>('Filing', filingSchema, 'filings');
}
