import type { ChangesAfterSignature } from '../pdf';
import type { CheckId, CheckResult } from '../seal';
import type { ErrorCode } from '../errors';
import type { Verdict } from './verdict';
import type { SealImprint } from './ses-signature-evidence';

/** Checks the PDF layer adds to the seal verifier's list. */
export type PdfCheckId =
  | 'pdf.container'
  | 'pdf.property-info'
  | 'pdf.byte-range'
  | 'pdf.changes-after'
  | 'signature.signing-time'
  | 'ofd.container'
  | 'ofd.references'
  | 'ofd.seal-match'
  | 'ofd.property-info'
  | 'ofd.changes-after'
  | 'ledger.anchor'
  | 'ledger.seal-data'
  | 'evidence.bundle';

export interface PdfCheckResult extends Omit<CheckResult, 'id'> {
  id: PdfCheckId | CheckId;
}

/** One signature revision of the file, every check of it and what happened to the file afterwards. */
export interface SignatureRevisionReport {
  /** 0-based, in the order the signatures were made (by the revision they cover). */
  index: number;
  fieldName: string;
  /** 1-based revision the signature covers. */
  revision?: number;
  page?: number;
  /** True exactly when `verdict` is VALID. */
  valid: boolean;
  verdict: Verdict;
  /** SM3 (hex) of the DER SES_Signature: the key the ledger stores it under. */
  signatureSm3?: string;
  /** SM3 (hex) of the file as it was right after this signature. */
  revisionSm3?: string;
  esID?: string;
  sealName?: string;
  signerSubject?: string;
  signingTime?: string;
  signingTimeSource?: string;
  /** The seal data's imprint picture, its creation date, and the matching ledger anchor: for reports a person reads. */
  imprint?: SealImprint;
  sealMadeAt?: string;
  anchoredAt?: string;
  anchorTxId?: string;
  checks: PdfCheckResult[];
  changesAfter: ChangesAfterSignature;
}

export interface PdfVerificationReport {
  /** True only when there is at least one signature and every signature is valid (verdict VALID). */
  valid: boolean;
  /** INVALID when unsigned or any signature is INVALID; INDETERMINATE when none is but one is unknown. */
  verdict: Verdict;
  /** True when anything not allowed changed after some signature. */
  modified: boolean;
  /** Failure codes across all signatures, for a quick summary. */
  problems: ErrorCode[];
  fileSm3: string;
  fileLength: number;
  revisionCount: number;
  pageCount: number;
  signatures: SignatureRevisionReport[];
  verifiedAt: string;
  /** Set when part of the file cannot be read: the signatures are judged from what can be. */
  unreadable?: string;
  /** Present when reading the file needed repairs (broken cross-reference data, a wrong page-tree /Count). */
  repaired?: string[];
  /** Set when the ledger could not be reached: the file was verified without it (seal status and anchors unknown). */
  ledgerUnavailable?: string;
}
