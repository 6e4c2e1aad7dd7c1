import { readAnchorStatus, type AnchorStatus, type SigningRecordDoc } from '../../store/signing';
import type { SigningDeps } from './signing-deps';

const iso = (d: Date | string | undefined) => (d === undefined ? undefined : new Date(d).toISOString());

/** A signing record's anchoring as the API shows it. */
export interface AnchorView {
  state: AnchorStatus['state'];
  batchId?: string;
  leafIndex?: number;
  treeSize?: number;
  proof?: string[];
  root?: string;
  txId?: string;
  anchoredAt?: string;
  lastError?: string;
}

/** 签章记录 as the API shows it: ids renamed, dates as ISO text, nothing internal (no stored signature). */
export interface SigningRecordView {
  recordId: string;
  id: string;
  unitId: string;
  sealId: string;
  sealCode: string;
  sealKind: string;
  signerId: string;
  approvalId?: string;
  documentSm3Before: string;
  documentSm3After: string;
  signatureSm3: string;
  signedAt: string;
  fieldName: string;
  pages: number[];
  byteRange: number[];
  batchCallId?: string;
  anchor: AnchorView;
}

/** A record as the API shows it; a record just signed is PENDING until its anchoring result is stored. */
export function signingRecordView(doc: SigningRecordDoc, anchor: AnchorStatus = { state: 'PENDING' }): SigningRecordView {
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

/** Stored records as views, each with its anchoring read by `_id`. */
export async function signingRecordViews(
  deps: Pick<SigningDeps, 'signing'>,
  records: readonly SigningRecordDoc[],
): Promise<SigningRecordView[]> {
  const status = await readAnchorStatus(
    deps.signing,
    records.map((r) => r._id),
  );
  return records.map((r) => signingRecordView(r, status.get(r._id)));
}
