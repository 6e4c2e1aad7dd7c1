import {
  LocalSm2Signer,
  SealError,
  makeSesSignature,
  pdfPropertyInfo,
  signPdf,
  type SealPosition,
  type SignedPdf,
  type Sm2PrivateKey,
} from '@eseal/core';
import { toBottomLeft, type RequestedPlacement } from './placement';
import type { SigningSeal } from './signing-seal';

export interface SealDocumentOptions {
  placement: RequestedPlacement;
  crossPage?: boolean;
  /** Cross-page seal: pages per group, each group carrying the whole imprint (default 20, core's). */
  crossPageGroupSize?: number;
  reason?: string;
  location?: string;
  signerName?: string;
  /** CPU budget for reading the PDF (PdfLimits.maxMillis). */
  pdfTimeBudgetMs?: number;
  /** Gets an RFC 3161 token over the signature value for SES_Signature.timeStamp (see time-stamping.ts). */
  timeStamp?: (signatureValue: Uint8Array) => Promise<Uint8Array | undefined>;
}

/** Room in /Contents for a time-stamp token: TSTInfo, the TSA's signature and its certificate. */
const TIME_STAMP_RESERVE = 3072;

/**
 * Puts the seal on a PDF as one incremental update whose /Contents is the GB/T 38540 SES_Signature:
 * dataHash = SM3 of the /ByteRange bytes, propertyInfo names that range, the seal's SESeal embedded.
 */
export function sealDocument(
  pdf: Uint8Array,
  seal: SigningSeal,
  key: Sm2PrivateKey,
  at: Date,
  options: SealDocumentOptions,
): Promise<SignedPdf> {
  const signer = new LocalSm2Signer(key);
  // A cross-page seal's x is the right edges', so a caller gives only its height.
  const placement = options.crossPage ? { ...options.placement, xMm: options.placement.xMm ?? 0 } : options.placement;
  const position = toBottomLeft(pdf, placement, seal.imprint, options.pdfTimeBudgetMs ? { maxMillis: options.pdfTimeBudgetMs } : undefined);
  return signPdf(
    pdf,
    {
      page: options.placement.page,
      // A cross-page seal sits on the right edges: only its height is the caller's, from the corner
      // they measured from (the requested page's size converts a top corner).
      position: options.crossPage ? { xMm: 0, yMm: crossPageY(position) } : position,
      imprint: seal.imprint,
      signingTime: at,
      crossPage: options.crossPage,
      ...(options.crossPageGroupSize ? { crossPageGroupSize: options.crossPageGroupSize } : {}),
      signerName: options.signerName ?? seal.displayName,
      reason: options.reason,
      location: options.location,
      // The SES_Signature is the SESeal (with its picture) and the certificate plus ~200 bytes of
      // signature, time and hashes; the rest of the reservation is padding every copy carries twice (hex).
      contentsSize: seal.seseal.length + seal.certificateDer.length + 1024 + (options.timeStamp ? TIME_STAMP_RESERVE : 0),
      ...(options.pdfTimeBudgetMs ? { limits: { maxMillis: options.pdfTimeBudgetMs } } : {}),
    },
    (input) =>
      makeSesSignature({
        eseal: seal.seseal,
        timeInfo: at,
        dataHash: input.sm3,
        propertyInfo: pdfPropertyInfo(input.byteRange),
        signerCert: seal.certificateDer,
        signer,
        ...(options.timeStamp ? { timeStamp: options.timeStamp } : {}),
      }),
  );
}

/** A cross-page seal runs along the right edge: only its height on the page is the caller's to choose. */
function crossPageY(position: SealPosition | 'auto'): number {
  if (position === 'auto') throw new SealError('VALIDATION_FAILED', 'a cross-page seal needs placement.yMm, not auto');
  return position.yMm;
}
