import { LocalSm2Signer, SealError, makeSesSignature, pdfPropertyInfo, signPdf, type SignedPdf, type Sm2PrivateKey } from '@eseal/core';
import { toBottomLeft, type RequestedPlacement } from './placement';
import type { SigningSeal } from './signing-seal';

export interface SealDocumentOptions {
  placement: RequestedPlacement;
  crossPage?: boolean;
  reason?: string;
  location?: string;
  signerName?: string;
  /** CPU budget for reading the PDF (PdfLimits.maxMillis). */
  pdfTimeBudgetMs?: number;
}

/**
 * Puts the seal on a PDF as one incremental update whose /Contents is the GB/T 38540 SES_Signature:
 * dataHash = SM3 of the /ByteRange bytes, propertyInfo names that range, the seal's SESeal embedded.
 */
export function sealDocument(pdf: Uint8Array, seal: SigningSeal, key: Sm2PrivateKey, at: Date, options: SealDocumentOptions): Promise<SignedPdf> {
  const signer = new LocalSm2Signer(key);
  return signPdf(
    pdf,
    {
      page: options.placement.page,
      position: options.crossPage ? { xMm: 0, yMm: crossPageY(options.placement) } : toBottomLeft(pdf, options.placement, seal.imprint, options.pdfTimeBudgetMs ? { maxMillis: options.pdfTimeBudgetMs } : undefined),
      imprint: seal.imprint,
      signingTime: at,
      crossPage: options.crossPage,
      signerName: options.signerName ?? seal.displayName,
      reason: options.reason,
      location: options.location,
      // The SES_Signature is the SESeal (with its picture) and the certificate plus ~200 bytes of
      // signature, time and hashes; the rest of the reservation is padding every copy carries twice (hex).
      contentsSize: seal.seseal.length + seal.certificateDer.length + 1024,
      ...(options.pdfTimeBudgetMs ? { limits: { maxMillis: options.pdfTimeBudgetMs } } : {}),
    },
    (input) => makeSesSignature({ eseal: seal.seseal, timeInfo: at, dataHash: input.sm3, propertyInfo: pdfPropertyInfo(input.byteRange), signerCert: seal.certificateDer, signer }),
  );
}

/** A cross-page seal runs along the right edge: only its height on the page is the caller's to choose. */
function crossPageY(placement: RequestedPlacement): number {
  if (placement.yMm === undefined) throw new SealError('VALIDATION_FAILED', 'a cross-page seal needs placement.yMm');
  return placement.yMm;
}
