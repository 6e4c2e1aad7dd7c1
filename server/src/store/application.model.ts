import { Schema, type Connection, type Model } from 'mongoose';
import { APPLICATION_MATERIAL_KINDS, SEAL_KIND_CODES, type ApplicationChannel, type DocumentRef, type SealKind } from '../domain';

export const APPLICATION_CHANNELS: readonly ApplicationChannel[] = ['IN_PERSON', 'AGENT'];

/**
 * What the applicant handed in (第九条, 第十条). The application's status lives on the seal record it
 * opened (status SUBMITTED), so the whole history of one seal sits under one id.
 */
export interface ApplicationDoc {
  _id: string;
  unitId: string;
  sealId: string;
  kind: SealKind;
  channel: ApplicationChannel;
  materials: DocumentRef<string>[];
  /** The name the imprint shows: the unit's name, or the holder's for a position seal. */
  displayName: string;
  /** 13-digit public-security seal code of the physical seal the e-seal mirrors. */
  sealCode: string;
  holderPersonId?: string;
  custodianPersonId?: string;
  agentPersonId?: string;
  /** Set when this application re-issues a seal after a name change. */
  replacingSealId?: string;
  submittedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const documentRefSchema = new Schema<DocumentRef<string>>(
  {
    kind: { type: String, required: true },
    sm3: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    fileName: String,
    mediaType: String,
  },
  { _id: false },
);

const applicationSchema = new Schema<ApplicationDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true, index: true },
    sealId: { type: String, required: true, unique: true },
    kind: { type: String, enum: SEAL_KIND_CODES, required: true },
    channel: { type: String, enum: APPLICATION_CHANNELS, required: true },
    materials: { type: [documentRefSchema], required: true },
    displayName: { type: String, required: true },
    sealCode: { type: String, required: true, match: /^\d{13}$/ },
    holderPersonId: String,
    custodianPersonId: String,
    agentPersonId: String,
    replacingSealId: String,
    submittedBy: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);

export { APPLICATION_MATERIAL_KINDS };

export function applicationModel(connection: Connection): Model<ApplicationDoc> {
  return connection.models.SealApplication ?? connection.model<ApplicationDoc>('SealApplication', applicationSchema, 'seal_applications');
}
