import { PdfDict, PdfName, PdfRef } from './objects';
import { IncrementalUpdate } from './incremental';
import { WidgetPlacement } from './placement';
import { formatNumber as f } from './serialize';

/**
 * The widget's normal appearance: a form XObject that draws the imprint image, clipped to the widget
 * so a cross-page slice shows only its part. The image is drawn with the Multiply blend mode, as ink
 * is: red over black text keeps the text black and readable, red over paper is red.
 */
export function addAppearance(update: IncrementalUpdate, image: PdfRef, placement: WidgetPlacement): PdfRef {
  const { width, height } = placement;
  const content =
    `q /Ink gs 0 0 ${f(width)} ${f(height)} re W n\n` +
    `${f(placement.imageWidth)} 0 0 ${f(placement.imageHeight)} ${f(placement.imageOffsetX)} 0 cm\n/Im0 Do\nQ\n`;
  const ref = update.allocate();
  const dict = new PdfDict()
    .set('Type', new PdfName('XObject'))
    .set('Subtype', new PdfName('Form'))
    .set('BBox', [0, 0, width, height])
    .set(
      'Resources',
      new PdfDict()
        .set('XObject', new PdfDict().set('Im0', image))
        .set('ExtGState', new PdfDict().set('Ink', new PdfDict().set('Type', new PdfName('ExtGState')).set('BM', new PdfName('Multiply')))),
    );
  // The page's /Rotate turns annotations with it; rotating the appearance the other way keeps the
  // imprint upright as displayed (the viewer fits the rotated BBox into /Rect, §12.5.5).
  const matrix = ROTATION_MATRICES[placement.rotate];
  if (matrix) dict.set('Matrix', matrix);
  update.put(ref, { dict, data: Buffer.from(content, 'latin1') });
  return ref;
}

const ROTATION_MATRICES: Record<number, number[]> = {
  90: [0, 1, -1, 0, 0, 0],
  180: [-1, 0, 0, -1, 0, 0],
  270: [0, -1, 1, 0, 0, 0],
};
