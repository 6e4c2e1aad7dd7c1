import { SealError } from '../errors';
import { PdfDocument } from './document';
import {
  AnchorPosition,
  ImprintSize,
  SealPosition,
  WidgetPlacement,
  isAnchorPosition,
  placeAcrossPages,
  placeAtText,
  placeWhole,
} from './placement';
import { findTextOnPage } from './text-locator';
import { placeAutomatically } from './auto-placement';

export interface PlacementRequest {
  page: number;
  position: SealPosition | AnchorPosition | 'auto';
  imprint: ImprintSize;
  crossPage?: boolean;
  /** Pages per slice group of a cross-page seal (default DEFAULT_CROSS_PAGE_GROUP). */
  crossPageGroupSize?: number;
}

/** Turns a request's page, position (coordinates, text anchor or "auto") and cross-page flag into widgets. */
export function placeImprint(doc: PdfDocument, request: PlacementRequest): WidgetPlacement[] {
  const position = request.position;
  if (position === 'auto') {
    if (request.crossPage) throw new SealError('VALIDATION_FAILED', 'a cross-page seal is placed by yMm, not automatically');
    return [placeAutomatically(doc, doc.getPage(request.page), request.imprint)];
  }
  if (!isAnchorPosition(position)) {
    return request.crossPage
      ? placeAcrossPages(doc.pagesToSeal(), position, request.imprint, request.crossPageGroupSize)
      : [placeWhole(doc.getPage(request.page), position, request.imprint)];
  }
  if (request.crossPage) throw new SealError('VALIDATION_FAILED', 'a cross-page seal is placed by yMm, not by a text anchor');
  const page = doc.getPage(request.page);
  const matches = findTextOnPage(doc, page, position.anchorText);
  const occurrence = position.occurrence ?? 1;
  const match = occurrence < 0 ? matches[matches.length + occurrence] : matches[occurrence - 1];
  if (!Number.isInteger(occurrence) || occurrence === 0 || !match) {
    throw new SealError('PDF_ANCHOR_NOT_FOUND', 'the anchor text was not found on the page', {
      details: { page: request.page, anchorText: position.anchorText, occurrence, matches: matches.length },
    });
  }
  return [placeAtText(page, match, position, request.imprint)];
}
