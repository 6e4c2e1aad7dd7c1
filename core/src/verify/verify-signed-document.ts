import { isZipFile } from '../ofd/zip-magic';
import type { OfdLimits } from '../ofd';
import type { PdfLimits } from '../pdf';
import type { OfdVerificationReport } from './verify-ofd';
import { verifyPdf, type VerifyPdfOptions } from './verify-pdf';
import type { PdfVerificationReport } from './report';

export interface VerifySignedDocumentOptions extends Omit<VerifyPdfOptions, 'limits'> {
  pdfLimits?: Partial<PdfLimits>;
  ofdLimits?: Partial<OfdLimits>;
}

/**
 * One entry for every document format we seal, chosen by content and never by file name: an OFD is a
 * zip (starts with "PK\x03\x04"), anything else is read as PDF. Both answer the same report shape.
 * The OFD reader loads on the first OFD: a process that checks PDFs (the CLI) does not pay for it.
 */
export function verifySignedDocument(
  document: Uint8Array,
  options: VerifySignedDocumentOptions,
): Promise<PdfVerificationReport | OfdVerificationReport> {
  const { pdfLimits, ofdLimits, ...common } = options;
  return isZipFile(document)
    ? import('./verify-ofd').then(({ verifyOfd }) => verifyOfd(document, { ...common, limits: ofdLimits }))
    : verifyPdf(document, { ...common, limits: pdfLimits });
}
