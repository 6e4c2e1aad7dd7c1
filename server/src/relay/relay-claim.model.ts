import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One run's right to submit a relay in one attempt. `_id` is `<relayId>#<attempt>`, the attempt
 * being the relay's failed attempts so far (never reset, so an operator's retry claims new numbers).
 * The unique insert is the only "once" FerretDB v1 offers: when a job's lock lapses (a stalled event
 * loop) and BullMQ hands the job to a second worker while the first still runs, both read the same
 * count and only one of the two submits. A later attempt (after a failure) claims its own number and
 * may submit again: the court answers a repeated evidence id with its first receipt.
 */
export interface RelayClaimDoc {
  _id: string;
  relayId: string;
  attempt: number;
  at: Date;
}

const relayClaimSchema = new Schema<RelayClaimDoc>(
  {
    _id: { type: String, required: true },
    relayId: { type: String, required: true },
    attempt: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export function relayClaimModel(connection: Connection): Model<RelayClaimDoc> {
  return connection.models.RelayClaim ?? connection.model<RelayClaimDoc>('RelayClaim', relayClaimSchema, 'relay_submit_claims');
}

export function relayClaimId(relayId: string, attempt: number): string {
  return `${relayId}#${attempt}`;
}
