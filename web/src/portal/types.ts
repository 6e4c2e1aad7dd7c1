/** The answers of the public API as the portal reads them (docs/public-verification.md). */
export type Verdict = 'VALID' | 'INVALID' | 'INDETERMINATE';

export interface CheckLine {
  id: string;
  status: string;
  code?: string;
}

export interface PublicSignature {
  index: number;
  valid: boolean;
  verdict: Verdict;
  page?: number;
  esID?: string;
  sealCode?: string;
  sealName?: string;
  signerSubject?: string;
  signingTime?: string;
  imprint?: { type: string; base64: string; widthMm: number; heightMm: number };
  sealMadeAt?: string;
  anchoredAt?: string;
  anchorTxId?: string;
  changesAfter: { verdict: 'none' | 'allowed' | 'disallowed'; changes: Array<{ allowed: boolean; reason: string; page?: number }> };
  checks: CheckLine[];
}

export interface PublicDocumentVerification {
  valid: boolean;
  verdict: Verdict;
  modified: boolean;
  fileSm3: string;
  pageCount: number;
  ledgerUnavailable?: boolean;
  signatures: PublicSignature[];
}

export interface BundleVerification {
  verdict: Verdict;
  checks: Array<CheckLine & { message: string; anchor?: string }>;
}

export type LookupBy = 'sm3' | 'evidenceNumber' | 'txId' | 'certificateNumber';

/** POST /public/lookup: the result and code are fixed; whatever else it tells is shown as facts. */
export interface LookupAnswer {
  result: 'MATCH' | 'MISMATCH' | 'NOT_FOUND';
  code: string;
  [fact: string]: unknown;
}

/** A court chain's confirmed receipt (存证回执) of a ledger transaction, from the public look-up. */
export interface CourtReceipt {
  evidenceNumber: string;
  courtChain: string;
  courtTxHash: string;
  courtBlockHeight: number;
  recordedAt: string;
  ledgerTxId: string;
}

export interface SealStatusStatement {
  sealId: string;
  at: string;
  status: 'ACTIVE' | 'REVOKED' | 'NOT_ACTIVE';
  revokedAt?: string;
  revocationReason?: string;
  ledgerTxId?: string;
}

/** What the page shows: nothing yet, work in progress, one of three answers, or a coded failure. */
export type PortalState =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'document'; fileName: string; answer: PublicDocumentVerification }
  | { kind: 'bundle'; fileName: string; answer: BundleVerification }
  | { kind: 'lookup'; by: LookupBy; value: string; answer: LookupAnswer }
  | { kind: 'lookup-unavailable'; by: LookupBy; value: string }
  | { kind: 'error'; code: string; message: string };
