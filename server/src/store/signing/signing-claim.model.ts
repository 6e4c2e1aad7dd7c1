import { Schema, type Connection, type Model } from 'mongoose';

/**
 * "Only one may do this": a claim is a document whose _id names the act (`use:<approvalId>`,
 * `decision:<requestId>`). Inserting it is the one atomic step FerretDB v1 offers under concurrency:
 * conditional updates (findOneAndUpdate with a state filter, $inc) are NOT atomic there: measured,
 * 8 concurrent "set state A -> B where state = A" let several through, and concurrent $inc lose
 * increments. A unique-key insert admits exactly one.
 */
export interface SigningClaimDoc {
  _id: string;
  /** Who holds the claim (a signing record id, an approver), so only the holder releases it. */
  holder: string;
  at: Date;
}

const signingClaimSchema = new Schema<SigningClaimDoc>(
  { _id: { type: String, required: true }, holder: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);

export function signingClaimModel(connection: Connection): Model<SigningClaimDoc> {
  return connection.models.SigningClaim ?? connection.model<SigningClaimDoc>('SigningClaim', signingClaimSchema, 'signing_claims');
}
