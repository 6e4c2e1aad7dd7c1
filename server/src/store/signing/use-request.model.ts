import { Schema, type Connection, type Model } from 'mongoose';

export const USE_REQUEST_STATES = ['PENDING', 'APPROVED', 'REJECTED', 'USED'] as const;
export type UseRequestState = (typeof USE_REQUEST_STATES)[number];

/**
 * 用章审批: a request to use one official seal on one document (by its SM3). Approval is good for
 * exactly one signing before `expiresAt`; the sign use case consumes it by inserting the unique claim
 * `use:<requestId>` (usecases/signing/approval.ts): conditional updates are not atomic on FerretDB v1.
 */
export interface UseRequestDoc {
  _id: string;
  unitId: string;
  sealId: string;
  /** Lower-case hex SM3 of the document as it will be submitted for signing. */
  documentSm3: string;
  purpose: string;
  requesterId: string;
  requesterPersonId?: string;
  state: UseRequestState;
  decidedBy?: string;
  decidedAt?: Date;
  decisionNote?: string;
  /** Set on approval: after this instant the approval can no longer be used. */
  expiresAt?: Date;
  usedAt?: Date;
  /** The signing record that consumed it. */
  usedByRecordId?: string;
  createdAt: Date;
  updatedAt: Date;
}

const useRequestSchema = new Schema<UseRequestDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    sealId: { type: String, required: true },
    documentSm3: { type: String, required: true },
    purpose: { type: String, required: true },
    requesterId: { type: String, required: true },
    requesterPersonId: String,
    state: { type: String, enum: USE_REQUEST_STATES, required: true },
    decidedBy: String,
    decidedAt: Date,
    decisionNote: String,
    expiresAt: Date,
    usedAt: Date,
    usedByRecordId: String,
  },
  { timestamps: true, versionKey: false },
);
useRequestSchema.index({ unitId: 1, state: 1, createdAt: -1 });
useRequestSchema.index({ sealId: 1, documentSm3: 1 });

export function useRequestModel(connection: Connection): Model<UseRequestDoc> {
  return connection.models.SealUseRequest ?? connection.model<UseRequestDoc>('SealUseRequest', useRequestSchema, 'seal_use_requests');
}
