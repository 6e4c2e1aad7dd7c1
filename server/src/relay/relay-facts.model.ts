import { Schema, type Connection, type Model } from 'mongoose';
import type { RelayDoc } from './relay.model';

/**
 * A relay's progress as inserted facts, never updated: the court's receipt once stored
 * (`relay_receipts`) and its confirmation (`relay_confirmations`), each with `_id` = the relay id.
 * The first insert wins and a repeat is a duplicate key, so progress only moves forward: a run whose
 * job lock lapsed cannot send a confirmed relay back, and a group's facts are one insert each (one
 * SQLite transaction on FerretDB v1) instead of an update per relay.
 */
export interface RelayReceiptDoc {
  _id: string;
  receipt: NonNullable<RelayDoc['receipt']>;
  at: Date;
}

export interface RelayConfirmationDoc {
  _id: string;
  at: Date;
}

const receiptSchema = new Schema<RelayReceiptDoc>(
  {
    _id: { type: String, required: true },
    receipt: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

const confirmationSchema = new Schema<RelayConfirmationDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export function relayReceiptModel(connection: Connection): Model<RelayReceiptDoc> {
  return connection.models.RelayReceipt ?? connection.model<RelayReceiptDoc>('RelayReceipt', receiptSchema, 'relay_receipts');
}

export function relayConfirmationModel(connection: Connection): Model<RelayConfirmationDoc> {
  return (
    connection.models.RelayConfirmation ??
    connection.model<RelayConfirmationDoc>('RelayConfirmation', confirmationSchema, 'relay_confirmations')
  );
}
