import { SealError } from '../errors';
import { PageInfo } from './document';

export const POINTS_PER_MM = 72 / 25.4;

/**
 * Where the imprint goes, in millimetres from the bottom-left corner of the page as displayed:
 * of its CropBox (MediaBox if none), after the page's /Rotate is applied.
 */
export interface SealPosition {
  xMm: number;
  yMm: number;
  /** Which point of the imprint (xMm, yMm) names: its lower-left corner (default) or its centre. */
  anchor?: 'lower-left' | 'centre';
}

/**
 * Where the imprint goes, by text on the page: its centre on the centre of the matched text, moved
 * by the offsets (millimetres, displayed right/up). Whitespace is ignored when matching.
 */
export interface AnchorPosition {
  anchorText: string;
  /** Which match: 1 = first (default), 2 = second, -1 = last. */
  occurrence?: number;
  offsetXMm?: number;
  offsetYMm?: number;
}

export function isAnchorPosition(position: SealPosition | AnchorPosition): position is AnchorPosition {
  return typeof (position as AnchorPosition).anchorText === 'string';
}

export interface ImprintSize {
  widthMm: number;
  heightMm: number;
}

/** A rectangle in default user space: [x1 y1 x2 y2]. */
export type PdfRect = [number, number, number, number];

/** One widget's placement: its rectangle on the page and the part of the imprint it shows. */
export interface WidgetPlacement {
  page: PageInfo;
  /** The widget's /Rect, in the page's (unrotated) user space. */
  rect: PdfRect;
  /** Widget size as displayed (the appearance's BBox), in points. */
  width: number;
  height: number;
  /** The page's /Rotate: the appearance is counter-rotated so the imprint shows upright. */
  rotate: number;
  /** Horizontal offset of the full imprint inside this widget, in points (0 for a whole imprint). */
  imageOffsetX: number;
  /** Full imprint size in points. */
  imageWidth: number;
  imageHeight: number;
}

function invalid(message: string, details?: Record<string, unknown>): SealError {
  return new SealError('VALIDATION_FAILED', message, { details });
}

export function checkImprintSize(size: ImprintSize): void {
  for (const v of [size.widthMm, size.heightMm]) {
    if (!Number.isFinite(v) || v <= 0 || v > 1000) throw invalid('imprint size must be between 0 and 1000 mm', { ...size });
  }
}

/** The page's size as displayed: width and height swap on a quarter turn. */
export function displayedSize(page: PageInfo): { width: number; height: number } {
  const w = page.box[2] - page.box[0];
  const h = page.box[3] - page.box[1];
  return page.rotate % 180 === 0 ? { width: w, height: h } : { width: h, height: w };
}

/** Maps a rectangle given in displayed coordinates (from the displayed bottom-left) to user space. */
export function displayedToUserRect(page: PageInfo, x: number, y: number, w: number, h: number): PdfRect {
  const [x0, y0, x1, y1] = page.box;
  switch (page.rotate) {
    case 90: // displayed right = user up, displayed up = user left
      return [x1 - y - h, y0 + x, x1 - y, y0 + x + w];
    case 180:
      return [x1 - x - w, y1 - y - h, x1 - x, y1 - y];
    case 270: // displayed right = user down, displayed up = user right
      return [x0 + y, y1 - x - w, x0 + y + h, y1 - x];
    default:
      return [x0 + x, y0 + y, x0 + x + w, y0 + y + h];
  }
}

/** The inverse of displayedToUserRect for a point. */
export function userToDisplayedPoint(page: PageInfo, ux: number, uy: number): [number, number] {
  const [x0, y0, x1, y1] = page.box;
  switch (page.rotate) {
    case 90:
      return [uy - y0, x1 - ux];
    case 180:
      return [x1 - ux, y1 - uy];
    case 270:
      return [y1 - uy, ux - x0];
    default:
      return [ux - x0, uy - y0];
  }
}

/** Centres the imprint on a text box found on the page (user space), then applies the offsets. */
export function placeAtText(page: PageInfo, textBox: PdfRect, anchor: AnchorPosition, size: ImprintSize): WidgetPlacement {
  const [dx, dy] = userToDisplayedPoint(page, (textBox[0] + textBox[2]) / 2, (textBox[1] + textBox[3]) / 2);
  const offsetX = anchor.offsetXMm ?? 0;
  const offsetY = anchor.offsetYMm ?? 0;
  if (!Number.isFinite(offsetX) || !Number.isFinite(offsetY)) throw invalid('anchor offsets must be finite numbers');
  return placeWhole(page, { xMm: dx / POINTS_PER_MM + offsetX, yMm: dy / POINTS_PER_MM + offsetY, anchor: 'centre' }, size);
}

const TOLERANCE = 0.01;

function checkOnPage(page: PageInfo, x: number, y: number, w: number, h: number): void {
  const size = displayedSize(page);
  checkFits(page, w, h);
  if (x < -TOLERANCE || y < -TOLERANCE || x + w > size.width + TOLERANCE || y + h > size.height + TOLERANCE) {
    throw invalid('the imprint would fall outside the page', {
      page: page.number,
      xPt: x,
      yPt: y,
      widthPt: w,
      heightPt: h,
      page_size: size,
    });
  }
}

const mm = (points: number) => Math.round((points / POINTS_PER_MM) * 10) / 10;

/**
 * A page smaller than the imprint cannot hold it wherever it is put: say so with the page's size
 * and the largest imprint (same proportions) that would fit, so the caller can act on it.
 */
export function checkFits(page: PageInfo, w: number, h: number): void {
  const size = displayedSize(page);
  if (w <= size.width + TOLERANCE && h <= size.height + TOLERANCE) return;
  const scale = Math.min(size.width / w, size.height / h);
  // Rounded down to 0.1 mm, so the suggested size really fits.
  const largest = {
    widthMm: Math.floor(((w * scale) / POINTS_PER_MM) * 10) / 10,
    heightMm: Math.floor(((h * scale) / POINTS_PER_MM) * 10) / 10,
  };
  const pageMm = { widthMm: mm(size.width), heightMm: mm(size.height) };
  throw new SealError(
    'PDF_PAGE_TOO_SMALL',
    `page ${page.number} is ${pageMm.widthMm} × ${pageMm.heightMm} mm, too small for a ${mm(w)} × ${mm(h)} mm imprint; the largest imprint that fits is ${largest.widthMm} × ${largest.heightMm} mm`,
    {
      details: { page: page.number, pageSizeMm: pageMm, imprintSizeMm: { widthMm: mm(w), heightMm: mm(h) }, largestImprintMm: largest },
    },
  );
}

/** A whole imprint on one page. Rejects positions that put any part of it off the page. */
export function placeWhole(page: PageInfo, position: SealPosition, size: ImprintSize): WidgetPlacement {
  if (!Number.isFinite(position.xMm) || !Number.isFinite(position.yMm)) throw invalid('position must be finite numbers');
  const w = size.widthMm * POINTS_PER_MM;
  const h = size.heightMm * POINTS_PER_MM;
  const centred = position.anchor === 'centre';
  const x = position.xMm * POINTS_PER_MM - (centred ? w / 2 : 0);
  const y = position.yMm * POINTS_PER_MM - (centred ? h / 2 : 0);
  checkOnPage(page, x, y, w, h);
  return {
    page,
    rect: displayedToUserRect(page, x, y, w, h),
    width: w,
    height: h,
    rotate: page.rotate,
    imageOffsetX: 0,
    imageWidth: w,
    imageHeight: h,
  };
}

/** Pages per slice group of a cross-page seal unless the request says otherwise. */
export const DEFAULT_CROSS_PAGE_GROUP = 20;

/**
 * A cross-page seal (骑缝章): the imprint cut into one vertical slice per page, each slice flush with
 * the page's displayed right edge, so the pages laid overlapping show the whole imprint. Only yMm is
 * used. On a long document the pages are split into groups of at most `groupSize` (as even as
 * possible), each carrying the whole imprint: over 200 pages one slice would be a fraction of a
 * millimetre, too thin to see or to match.
 */
export function placeAcrossPages(
  pages: readonly PageInfo[],
  position: SealPosition,
  size: ImprintSize,
  groupSize = DEFAULT_CROSS_PAGE_GROUP,
): WidgetPlacement[] {
  if (!Number.isFinite(position.yMm)) throw invalid('position.yMm must be a finite number');
  if (!Number.isInteger(groupSize) || groupSize < 2) throw invalid('a cross-page group needs at least 2 pages', { groupSize });
  const w = size.widthMm * POINTS_PER_MM;
  const h = size.heightMm * POINTS_PER_MM;
  const y = position.yMm * POINTS_PER_MM - (position.anchor === 'centre' ? h / 2 : 0);
  return evenGroups(pages, groupSize).flatMap((group) => {
    const slice = w / group.length;
    return group.map((page, i) => {
      const x = displayedSize(page).width - slice;
      checkOnPage(page, x, y, slice, h);
      return {
        page,
        rect: displayedToUserRect(page, x, y, slice, h),
        width: slice,
        height: h,
        rotate: page.rotate,
        imageOffsetX: -i * slice,
        imageWidth: w,
        imageHeight: h,
      };
    });
  });
}

/** Consecutive groups of at most `max` items, sizes differing by one at most (21 pages: 11 and 10, not 20 and 1). */
export function evenGroups<T>(items: readonly T[], max: number): T[][] {
  const count = Math.max(1, Math.ceil(items.length / max));
  const groups: T[][] = [];
  for (let g = 0, start = 0; g < count; g++) {
    const size = Math.floor(items.length / count) + (g < items.length % count ? 1 : 0);
    groups.push(items.slice(start, start + size));
    start += size;
  }
  return groups;
}
