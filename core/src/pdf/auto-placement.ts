import { PageInfo, PdfDocument } from './document';
import {
  ImprintSize,
  POINTS_PER_MM,
  PdfRect,
  WidgetPlacement,
  checkFits,
  displayedSize,
  placeWhole,
  userToDisplayedPoint,
} from './placement';
import { textBoxesOnPage } from './text-locator';

/** Distance from the page edges, as on a printed form's signature block. */
const MARGIN_MM = 10;
/** Candidate spots are this far apart: fine enough to slip between paragraphs. */
const STEP_MM = 5;
/** Glyph boxes are tight; keep a little air between the imprint and the text. */
const CLEARANCE_PT = 2;

/**
 * `position: "auto"`: the imprint goes to the bottom right of the page as displayed, MARGIN_MM
 * from the edges; when the text layer says text is there, it moves left along the row, then up
 * row by row, to the first spot that covers no glyph. A page full of text (or one whose text we
 * cannot read, such as a scan) keeps the bottom-right spot.
 */
export function placeAutomatically(doc: PdfDocument, page: PageInfo, size: ImprintSize): WidgetPlacement {
  const w = size.widthMm * POINTS_PER_MM;
  const h = size.heightMm * POINTS_PER_MM;
  checkFits(page, w, h);
  const { width, height } = displayedSize(page);
  const margin = Math.max(0, Math.min(MARGIN_MM * POINTS_PER_MM, (width - w) / 2, (height - h) / 2));
  const text = textBoxesOnPage(doc, page).map((box) => displayedBox(page, box));
  const step = STEP_MM * POINTS_PER_MM;
  const right = width - margin - w;
  const top = height - margin - h;
  const spot = (x: number, y: number) => placeWhole(page, { xMm: x / POINTS_PER_MM, yMm: y / POINTS_PER_MM }, size);
  if (text.length === 0) return spot(right, margin);
  for (let y = margin; y <= top + 1e-6; y += step) {
    doc.budget.tick();
    for (let x = right; x >= margin - 1e-6; x -= step) {
      if (!text.some((t) => overlaps(t, x, y, w, h))) return spot(x, y);
    }
  }
  return spot(right, margin);
}

function displayedBox(page: PageInfo, box: PdfRect): PdfRect {
  const [ax, ay] = userToDisplayedPoint(page, box[0], box[1]);
  const [bx, by] = userToDisplayedPoint(page, box[2], box[3]);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

function overlaps(t: PdfRect, x: number, y: number, w: number, h: number): boolean {
  return t[0] < x + w + CLEARANCE_PT && t[2] > x - CLEARANCE_PT && t[1] < y + h + CLEARANCE_PT && t[3] > y - CLEARANCE_PT;
}
