import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';

/**
 * pdf.js, from our own origin: the worker, character maps and standard fonts are copied into
 * /assets/pdfjs/ by the build, so the console renders pages on an offline network and under a
 * Content-Security-Policy of 'self' (no eval: `isEvalSupported: false`).
 */
const BASE = '/assets/pdfjs/';
GlobalWorkerOptions.workerSrc = `${BASE}pdf.worker.min.mjs`;

export const MM_PER_POINT = 25.4 / 72;

export interface PageSize {
  widthMm: number;
  heightMm: number;
}

/** An opened document: its page count, a page drawn into a canvas, text found. Loaded on demand (its own chunk). */
export interface PdfView {
  readonly numPages: number;
  render(number: number, canvas: HTMLCanvasElement, pxPerMm: number): Promise<PageSize>;
  find(anchor: string): Promise<TextHit | undefined>;
  destroy(): Promise<void>;
}

export async function openPdfView(bytes: Uint8Array): Promise<PdfView> {
  // pdf.js may transfer the buffer to its worker: give it a copy, the page keeps the original to sign.
  const pdf = await getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    cMapUrl: `${BASE}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${BASE}standard_fonts/`,
  }).promise;
  return {
    numPages: pdf.numPages,
    render: (number, canvas, pxPerMm) => renderPage(pdf, number, canvas, pxPerMm),
    find: (anchor) => findText(pdf, anchor),
    destroy: () => pdf.destroy(),
  };
}

/** Draws page `number` (1-based) into the canvas, `pxPerMm` wide, and answers the page's size in millimetres. */
async function renderPage(pdf: PDFDocumentProxy, number: number, canvas: HTMLCanvasElement, pxPerMm: number): Promise<PageSize> {
  const page = await pdf.getPage(number);
  const base = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: pxPerMm * MM_PER_POINT });
  canvas.width = Math.ceil(viewport.width);
  canvas.height = Math.ceil(viewport.height);
  await page.render({ canvasContext: canvas.getContext('2d')!, viewport, canvas }).promise;
  return { widthMm: base.width * MM_PER_POINT, heightMm: base.height * MM_PER_POINT };
}

export interface TextHit {
  page: number;
  /** The centre of the matched text, in millimetres from the page's top-left corner. */
  xMm: number;
  yMm: number;
}

/**
 * The first place the anchor text appears (pages in order, within one text run), for 盖章 over a
 * signature line such as the unit's name. Matching ignores white space, which PDFs split text on.
 */
async function findText(pdf: PDFDocumentProxy, anchor: string): Promise<TextHit | undefined> {
  const wanted = anchor.replace(/\s+/g, '');
  if (!wanted) return undefined;
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const text = item.str.replace(/\s+/g, '');
      const at = text.indexOf(wanted);
      if (at < 0) continue;
      // Interpolate along the run by characters: good enough to put a 40 mm seal over a name.
      const share = (at + wanted.length / 2) / Math.max(text.length, 1);
      const [x, y] = viewport.convertToViewportPoint(item.transform[4] + item.width * share, item.transform[5] + item.height / 2);
      return { page: number, xMm: x! * MM_PER_POINT, yMm: y! * MM_PER_POINT };
    }
  }
  return undefined;
}
