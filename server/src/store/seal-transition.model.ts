import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One claimed move of a seal from revision N. The unique _id `${sealId}#${N}` is the compare-and-set:
 * FerretDB v1 does not apply conditional updates atomically under concurrency (two findOneAndUpdate
 * calls with the same filter can both "win"), but it does enforce unique keys. The claim also holds
 * the update, so a crash between claim and update is rolled forward by the next writer.
 */
export interface SealTransitionDoc {
  _id: string;
  sealId: string;
  revision: number;
  /** The absolute $set to apply (cleared once applied, to keep claims small). */
  set?: Record<string, unknown>;
  audit?: Record<string, unknown>;
  applied: boolean;
  at: Date;
}

const sealTransitionSchema = new Schema<SealTransitionDoc>(
  {
    _id: { type: String, required: true },
    sealId: { type: String, required: true, index: true },
    revision: { type: Number, required: true },
    set: Schema.Types.Mixed,
    audit: Schema.Types.Mixed,
    applied: { type: Boolean, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export function sealTransitionModel(connection: Connection): Model<SealTransitionDoc> {
  return (
    connection.models.SealTransition ?? connection.model<SealTransitionDoc>('SealTransition', sealTransitionSchema, 'seal_transitions')
  );
}

export function transitionClaimId(sealId: string, revision: number): string {
  return `${sealId}#${revision}`;
}
