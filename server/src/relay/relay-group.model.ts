import { Schema, type Connection, type Model } from 'mongoose';
import type { RelayDoc } from './relay.model';

/**
 * The relays of one group job as they were dispatched, in one document (`_id` = the job id): the
 * job's first run reads this one document instead of one record per relay. FerretDB v1 looks up
 * nothing but a single `_id` (a `$in` reads the whole collection), and a lookup costs about as much
 * as inserting a hundred documents, so 200 reads were most of a group's cost. Inserted once, never
 * updated: the records and their facts stay the truth (a retry reads them).
 */
export interface RelayGroupDoc {
  _id: string;
  relays: Array<Pick<RelayDoc, '_id' | 'adapterId' | 'subject' | 'evidence' | 'createdAt'>>;
  at: Date;
}

const relayGroupSchema = new Schema<RelayGroupDoc>(
  {
    _id: { type: String, required: true },
    relays: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export function relayGroupModel(connection: Connection): Model<RelayGroupDoc> {
  return connection.models.RelayGroup ?? connection.model<RelayGroupDoc>('RelayGroup', relayGroupSchema, 'relay_groups');
}
