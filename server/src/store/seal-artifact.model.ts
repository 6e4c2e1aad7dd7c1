import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One issued seal data: the maker-signed GB/T 38540 SESeal and the imprint it carries. Immutable and
 * content-addressed (the _id is the SESeal's SM3, which the seal document names as sesealSm3), kept
 * apart from the seal because FerretDB parses a whole document on every read, whatever the
 * projection: inline, these few KB were paid on every signing's read of the seal's state.
 */
export interface SealArtifactDoc {
  /** SM3 of the SESeal DER, lower-case hex. */
  _id: string;
  sealId: string;
  seseal: Buffer;
  imprintPng: Buffer;
  imprintSm3: string;
  createdAt: Date;
}

const sealArtifactSchema = new Schema<SealArtifactDoc>(
  {
    _id: { type: String, required: true },
    sealId: { type: String, required: true, index: true },
    seseal: { type: Buffer, required: true },
    imprintPng: { type: Buffer, required: true },
    imprintSm3: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function sealArtifactModel(connection: Connection): Model<SealArtifactDoc> {
  return connection.models.SealArtifact ?? connection.model<SealArtifactDoc>('SealArtifact', sealArtifactSchema, 'seal_artifacts');
}
