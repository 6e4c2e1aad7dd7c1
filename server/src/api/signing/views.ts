import type { AnchorStatus, SigningRecordDoc, UseRequestDoc } from '../../store/signing';

const iso = (d: Date | string | undefined) => (d === undefined ? undefined : new Date(d).toISOString());

/** The API's view of a use request: ids renamed, dates as ISO text, nothing internal. */
export function useRequestView(doc: UseRequestDoc) {
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

/** A record as the API shows it; a record just signed is PENDING until its anchoring result is stored. */
export function recordView(doc: SigningRecordDoc, anchor: AnchorStatus = { state: 'PENDING' }) {
  const a = anchor;
  return {
    recordId: doc._id,
    id: doc._id,
    unitId: doc.unitId,
    sealId: doc.sealId,
    sealCode: doc.sealCode,
    sealKind: doc.sealKind,
    signerId: doc.signerId,
    approvalId: doc.approvalId,
    documentSm3Before: doc.documentSm3Before,
    documentSm3After: doc.documentSm3After,
    signatureSm3: doc.signatureSm3,
    signedAt: iso(doc.signedAt)!,
    fieldName: doc.fieldName,
    pages: [...doc.pages],
    byteRange: [...doc.byteRange],
    batchCallId: doc.batchCallId,
    anchor: {
      state: a.state,
      batchId: a.state === 'ANCHORED' ? a.batchId : undefined,
      leafIndex: a.leafIndex,
      treeSize: a.treeSize,
      proof: a.proof ? [...a.proof] : undefined,
      root: a.root,
      txId: a.txId,
      anchoredAt: iso(a.anchoredAt),
      lastError: a.reason,
    },
  };
}

export const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
export const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
