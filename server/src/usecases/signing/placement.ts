import { PdfDocument, POINTS_PER_MM, SealError, isSealError, type PdfLimits, type SealPosition } from '@eseal/core';

export type PageCorner = 'bottom-left' | 'top-left' | 'bottom-right' | 'top-right';

/** Where the caller wants the imprint: millimetres from a corner of the page to the imprint's nearest corner, or auto. */
export interface RequestedPlacement {
  page: number;
  xMm?: number;
  yMm?: number;
  corner?: PageCorner;
  /** Bottom right, clear of the page's text (the PDF layer's position "auto"). */
  auto?: boolean;
}

/**
 * The PDF layer measures from the bottom-left; callers often measure from the top (A4 forms are laid
 * out top-down), so other corners are converted with the page's size here.
 */
export function toBottomLeft(
  pdf: Uint8Array,
  placement: RequestedPlacement,
  size: { widthMm: number; heightMm: number },
  limits?: Partial<PdfLimits>,
): SealPosition | 'auto' {
  if (placement.auto) return 'auto';
  if (placement.xMm === undefined || placement.yMm === undefined) {
    throw new SealError('VALIDATION_FAILED', 'placement needs xMm and yMm, or auto: true');
  }
  const corner = placement.corner ?? 'bottom-left';
  if (corner === 'bottom-left') return { xMm: placement.xMm, yMm: placement.yMm };
  const doc = openForPlacement(pdf, limits);
  const [x1, y1, x2, y2] = doc.getPage(placement.page).box;
  const widthMm = (x2 - x1) / POINTS_PER_MM;
  const heightMm = (y2 - y1) / POINTS_PER_MM;
  const fromRight = corner.endsWith('right');
  const fromTop = corner.startsWith('top');
  return {
    xMm: fromRight ? widthMm - placement.xMm - size.widthMm : placement.xMm,
    yMm: fromTop ? heightMm - placement.yMm - size.heightMm : placement.yMm,
  };
}

/** The file is the caller's and may be hostile: every failure to read it is a coded 4xx. */
function openForPlacement(pdf: Uint8Array, limits?: Partial<PdfLimits>): PdfDocument {
  try {
    return PdfDocument.open(pdf, { limits });
  } catch (error) {
    if (isSealError(error)) throw error;
    throw new SealError('PDF_MALFORMED', 'PDF could not be read', { cause: error });
  }
}
