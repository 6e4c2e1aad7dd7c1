import type { ChangesAfterSignature } from '../pdf';
import type { CheckId, CheckResult } from '../seal';
import type { ErrorCode } from '../errors';

/** Checks the PDF layer adds to the seal verifier's list. */
export type PdfCheckId =
  | 'pdf.container'
  | 'pdf.property-info'
  | 'pdf.byte-range'
  | 'pdf.changes-after'
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
  valid: boolean;
  /** SM3 (hex) of the DER SES_Signature: the key the ledger stores it under. */
  signatureSm3?: string;
  /** SM3 (hex) of the file as it was right after this signature. */
  revisionSm3?: string;
  esID?: string;
  sealName?: string;
  signerSubject?: string;
  signingTime?: string;
  signingTimeSource?: string;
  checks: PdfCheckResult[];
  changesAfter: ChangesAfterSignature;
}

export interface PdfVerificationReport {
  /** True only when there is at least one signature and every signature is valid. */
  valid: boolean;
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
}
