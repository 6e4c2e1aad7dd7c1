/**
 * What the ledger stores about seals and signatures: hashes, codes and status, never personal data.
 */

/** 电子公章 kinds first, then 电子职务章 kinds. */
export const SEAL_KINDS = [
  'LEGAL_NAME',
  'INTERNAL_DEPARTMENT',
  'BRANCH',
  'CONTRACT',
  'FINANCE',
  'INVOICE',
  'AUDIT',
  'CUSTOMS',
  'LEGAL_REPRESENTATIVE',
  'OPERATOR',
  'PRINCIPAL',
  'FINANCE_PRINCIPAL',
  'AUTHORISED_REPRESENTATIVE',
] as const;
export type SealKind = (typeof SEAL_KINDS)[number];

/** The closed list of revocation reasons (第二十一条). */
export const REVOCATION_REASONS = [
  'UNIT_DISSOLVED',
  'PHYSICAL_SEAL_RETIRED',
  'ESEAL_RETIRED',
  'KEY_LEAKED',
  'SEAL_LOST_OR_STOLEN',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];
/** Reasons meaning someone else may hold the key: only these carry a reported compromise time. */
export const KEY_COMPROMISE_REASONS: readonly string[] = ['KEY_LEAKED', 'SEAL_LOST_OR_STOLEN'];

/** Stored status. EXPIRED is not stored: it follows from the validity window and the transaction time. */
export type SealStatus = 'ACTIVE' | 'REVOKED';

export type SealEventKind = 'ISSUED' | 'CHANGED' | 'RENEWED' | 'REVOKED';

/** The certificate and seal-data hashes in force from one timeline entry on. */
export interface SealMaterial {
  imprintSm3: string;
  certSerial: string;
  certSm3: string;
  sesealSm3: string;
  validFrom: string;
  validTo: string;
}

/** One state change, kept so "was this seal active at time t" can be answered after later changes. */
export interface SealTimelineEntry extends SealMaterial {
  at: string;
  event: SealEventKind;
  status: SealStatus;
  txId: string;
  reason?: string;
  /** On a revocation for a key leak or loss: the reported compromise time (never later than `at`). */
  compromisedAt?: string;
}

export interface SealRecord extends SealMaterial {
  docType: 'seal';
  sealId: string;
  unitId: string;
  kind: SealKind;
  status: SealStatus;
  version: number;
  issuedAt: string;
  updatedAt: string;
  issuedBy: string;
  revocation?: { reason: RevocationReason; at: string; byMsp: string; compromisedAt?: string };
  timeline: SealTimelineEntry[];
}

export interface IssueSealInput extends SealMaterial {
  sealId: string;
  unitId: string;
  kind: SealKind;
}

/** A change keeps the imprint (a new imprint means a new seal) and the validity window (that is renewal). */
export interface ChangeSealInput {
  sealId: string;
  reason: string;
  sesealSm3?: string;
  certSerial?: string;
  certSm3?: string;
}

export interface RenewSealInput {
  sealId: string;
  certSerial: string;
  certSm3: string;
  sesealSm3: string;
  validFrom: string;
  validTo: string;
  /** Optional guard: when given it must equal the stored imprint (renewal never changes the imprint). */
  imprintSm3?: string;
}

export interface RevokeSealInput {
  sealId: string;
  reason: RevocationReason;
  /**
   * Key leak or loss: when the key was reported compromised. Signatures claimed after it are not the
   * holder's, whatever the revocation time; verifiers read it from the timeline.
   */
  compromisedAt?: string;
}

export interface SealHistoryEntry {
  txId: string;
  timestamp: string;
  isDelete: boolean;
  seal: SealRecord | null;
}

export interface SealPage {
  seals: SealRecord[];
  /** Pass back to get the next page; empty when there are no more. */
  bookmark: string;
  fetched: number;
}

export interface AnchorEntry {
  recordId: string;
  sealId: string;
  signedAt: string;
  signatureSm3: string;
  documentSm3: string;
}

export interface AnchorBatchInput {
  batchId: string;
  root: string;
  entries: AnchorEntry[];
}

export interface BatchRecord {
  docType: 'batch';
  batchId: string;
  root: string;
  entryCount: number;
  /** SM3 of the canonical entry list, so a re-anchor with the same root but other entries is caught. */
  entriesSm3: string;
  anchoredAt: string;
  anchoredBy: string;
  txId: string;
}

export interface SignatureRecord {
  docType: 'signature';
  signatureSm3: string;
  recordId: string;
  sealId: string;
  signedAt: string;
  documentSm3: string;
  batchId: string;
  anchoredAt: string;
  txId: string;
}

export interface AnchorResult {
  batch: BatchRecord;
  /** False when the same batch was already anchored and this call changed nothing. */
  created: boolean;
}

export interface IssueResult {
  seal: SealRecord;
  created: boolean;
}

/** Chaincode event names, one per write transaction. */
export const LEDGER_EVENT_NAMES = ['SealIssued', 'SealChanged', 'SealRenewed', 'SealRevoked', 'BatchAnchored', 'AuditAnchored'] as const;
export type LedgerEventName = (typeof LEDGER_EVENT_NAMES)[number];

export interface SealEventPayload {
  sealId: string;
  unitId: string;
  kind: SealKind;
  status: SealStatus;
  version: number;
  at: string;
  reason?: string;
}

export interface BatchEventPayload {
  batchId: string;
  root: string;
  entryCount: number;
  at: string;
}
