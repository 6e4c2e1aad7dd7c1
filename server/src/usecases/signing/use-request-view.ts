import type { UseRequestDoc, UseRequestState } from '../../store/signing';

const iso = (d: Date | string | undefined) => (d === undefined ? undefined : new Date(d).toISOString());

/** 用章审批 as the API shows it: ids renamed, dates as ISO text, nothing internal (no requester person). */
export interface UseRequestView {
  requestId: string;
  id: string;
  unitId: string;
  sealId: string;
  documentSm3: string;
  purpose: string;
  requesterId: string;
  state: UseRequestState;
  decidedBy?: string;
  decidedAt?: string;
  decisionNote?: string;
  expiresAt?: string;
  usedAt?: string;
  usedByRecordId?: string;
  createdAt: string;
}

export function useRequestView(doc: UseRequestDoc): UseRequestView {
  return {
    requestId: doc._id,
    id: doc._id,
    unitId: doc.unitId,
    sealId: doc.sealId,
    documentSm3: doc.documentSm3,
    purpose: doc.purpose,
    requesterId: doc.requesterId,
    state: doc.state,
    decidedBy: doc.decidedBy,
    decidedAt: iso(doc.decidedAt),
    decisionNote: doc.decisionNote,
    expiresAt: iso(doc.expiresAt),
    usedAt: iso(doc.usedAt),
    usedByRecordId: doc.usedByRecordId,
    createdAt: iso(doc.createdAt)!,
  };
}
