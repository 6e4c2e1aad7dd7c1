/** PDF incremental signing and signature-revision analysis. See README.md for the format choices. */
export { signPdf } from './sign';
export { SIGNATURE_FILTER, SIGNATURE_SUBFILTER } from './signature-dictionary';
export type { PdfSealRequest, ContainerInput, MakeContainer, SignedPdf } from './sign';
export { inspectPdfSignatures } from './inspect';
export { inspectDamagedPdf } from './damaged-inspect';
export type { DamagedPdfInspection } from './damaged-inspect';
export type { PdfInspection, PdfSignatureInfo, SignatureWidgetInfo } from './inspect';
export type { ChangesAfterSignature, ChangeVerdict, ObjectChange } from './changes';
export { sm3ByteRange, signedRanges, isWellFormedByteRange } from './byte-range';
export type { ByteRange } from './byte-range';
export { DEFAULT_PDF_LIMITS } from './limits';
export type { PdfLimits } from './limits';
export type { SealPosition, AnchorPosition, ImprintSize, PdfRect } from './placement';
export { POINTS_PER_MM } from './placement';
export type { RevisionMarker } from './revisions';
export { PdfDocument } from './document';
export type { PageInfo } from './document';
export { findTextOnPage } from './text-locator';
