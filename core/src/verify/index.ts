/** The PDF verification pipeline: pure (no network, no database); the ledger comes in as a read-only port. */
export { verifyPdf } from './verify-pdf';
export type { VerifyPdfOptions } from './verify-pdf';
export { verifyOfd } from './verify-ofd';
export type { VerifyOfdOptions, OfdVerificationReport } from './verify-ofd';
export { verifySignedDocument } from './verify-signed-document';
export type { VerifySignedDocumentOptions } from './verify-signed-document';
export type { PdfVerificationReport, SignatureRevisionReport, PdfCheckResult, PdfCheckId } from './report';
export type { SealImprint, SesSignatureFacts } from './ses-signature-evidence';
export type { VerificationLedger, LedgerSealView, LedgerSealTimelineEntry, LedgerSignatureView } from './ledger-port';
export { sealStatusAt } from './seal-standing';
export { pdfPropertyInfo } from './property-info';
export type { Verdict } from './verdict';
export { CLOCK_SKEW_MS } from './signing-time-check';
export { ANCHORING_WINDOW_MS } from './anchor-check';
