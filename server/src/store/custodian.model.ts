import { Schema, type Connection, type Model } from 'mongoose';

/** Who held a seal when: one row per custody period (第二十四条 keeps the record of every change). */
export interface CustodianDoc {
  _id: string;
  sealId: string;
  unitId: string;
  personId: string;
  from: Date;
  to?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const custodianSchema = new Schema<CustodianDoc>(
  {
    _id: { type: String, required: true },
    sealId: { type: String, required: true },
    unitId: { type: String, required: true },
    personId: { type: String, required: true },
    from: { type: Date, required: true },
    to: Date,
  },
  { timestamps: true, versionKey: false },
);
custodianSchema.index({ sealId: 1, from: 1 });
custodianSchema.index({ personId: 1 });

export function custodianModel(connection: Connection): Model<CustodianDoc> {
  return connection.models.Custodian ?? connection.model<CustodianDoc>('Custodian', custodianSchema, 'custodians');
}
