import { randomBytes } from 'node:crypto';
import { CjkFont } from './cjk-font';
import { PdfObjectWriter, pdfDate, pdfTextString, refText, type ObjectRef } from './pdf-object-writer';
import { qrMatrix } from './qr-matrix';
import type { ReportDocument, SealSpot, WrittenReport } from './report-document';

/** A4 portrait, in points. */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 56, right: 56, top: 56, bottom: 64 };
const POINTS_PER_MM = 72 / 25.4;
const SIZE = { title: 20, subtitle: 10, heading: 12.5, body: 9.5, footer: 8, caption: 7.5 };
const LINE = { body: 14, heading: 24 };
const LABEL_WIDTH = 118;
const QR_SIZE = 78;
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

/** One page's drawing operators, and the font used by name /F1 in its resources. */
class PageCanvas {
  readonly ops: string[] = [];
  constructor(private readonly font: CjkFont) {}

  text(text: string, x: number, y: number, size: number, gray = 0): void {
    if (text === '') return;
    this.ops.push(`BT ${gray} g /F1 ${size} Tf ${x.toFixed(2)} ${y.toFixed(2)} Td ${this.font.encode(text)} Tj ET`);
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.6, gray = 0.55): void {
    this.ops.push(`q ${gray} G ${width} w ${x1.toFixed(2)} ${y1.toFixed(2)} m ${x2.toFixed(2)} ${y2.toFixed(2)} l S Q`);
  }

  /** Dark modules as filled squares: vector, so it scans at any zoom. */
  qr(text: string, x: number, top: number, size: number): void {
    const matrix = qrMatrix(text);
    const module = size / matrix.size;
    const cells: string[] = [];
    for (let row = 0; row < matrix.size; row++) {
      for (let column = 0; column < matrix.size; column++) {
        if (!matrix.isDark(row, column)) continue;
        cells.push(
          `${(x + column * module).toFixed(3)} ${(top - (row + 1) * module).toFixed(3)} ${module.toFixed(3)} ${module.toFixed(3)} re`,
        );
      }
    }
    this.ops.push(`q 0 g ${cells.join(' ')} f Q`);
  }
}

/** Splits text into lines no wider than `width`, breaking between any two characters (CJK text and hex alike). */
function wrap(font: CjkFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const ch of paragraph) {
      const advance = font.measure(ch, size);
      if (line !== '' && lineWidth + advance > width) {
        lines.push(line);
        line = ch;
        lineWidth = advance;
      } else {
        line += ch;
        lineWidth += advance;
      }
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Typesets a report on A4 pages with an embedded subset of a CJK TrueType font and writes the PDF
 * with our own object writer: the output is one revision with a classic xref table, which the
 * incremental sealing (signPdf) then extends.
 */
export function writeReportPdf(doc: ReportDocument, fontBytes: Uint8Array, options: { fontName?: string } = {}): WrittenReport {
  const font = CjkFont.open(fontBytes, options.fontName);
  const pages: PageCanvas[] = [];
  let page!: PageCanvas;
  let y = 0;
  const newPage = () => {
    page = new PageCanvas(font);
    pages.push(page);
    y = PAGE.height - MARGIN.top;
  };
  /** Starts a new page unless `height` more points fit above the bottom margin. */
  const need = (height: number) => {
    if (y - height < MARGIN.bottom) newPage();
  };

  newPage();
  const headerTop = y;
  if (doc.qr) {
    const x = PAGE.width - MARGIN.right - QR_SIZE;
    page.qr(doc.qr.text, x, headerTop, QR_SIZE);
    const caption = wrap(font, doc.qr.caption, SIZE.caption, QR_SIZE + 20);
    caption.forEach((line, i) => page.text(line, x - 10, headerTop - QR_SIZE - 10 - i * 9, SIZE.caption, 0.3));
  }
  const titleWidth = font.measure(doc.title, SIZE.title);
  page.text(doc.title, (PAGE.width - titleWidth) / 2, headerTop - 30, SIZE.title);
  if (doc.subtitle) {
    const width = font.measure(doc.subtitle, SIZE.subtitle);
    page.text(doc.subtitle, (PAGE.width - width) / 2, headerTop - 52, SIZE.subtitle, 0.25);
  }
  y = headerTop - (doc.qr ? QR_SIZE + 30 : 70);

  for (const block of doc.blocks) {
    if (block.kind === 'heading') {
      need(LINE.heading + LINE.body);
      y -= LINE.heading - 6;
      page.text(block.text, MARGIN.left, y, SIZE.heading);
      page.line(MARGIN.left, y - 5, PAGE.width - MARGIN.right, y - 5);
      y -= 12;
    } else if (block.kind === 'field') {
      const labelLines = wrap(font, block.label, SIZE.body, LABEL_WIDTH - 8);
      const valueLines = wrap(font, block.value, SIZE.body, CONTENT_WIDTH - LABEL_WIDTH);
      const rows = Math.max(labelLines.length, valueLines.length);
      need(rows * LINE.body);
      for (let i = 0; i < rows; i++) {
        y -= LINE.body;
        page.text(labelLines[i] ?? '', MARGIN.left, y, SIZE.body, 0.35);
        page.text(valueLines[i] ?? '', MARGIN.left + LABEL_WIDTH, y, SIZE.body);
      }
    } else {
      for (const line of wrap(font, block.text, SIZE.body, CONTENT_WIDTH)) {
        need(LINE.body);
        y -= LINE.body;
        page.text(line, MARGIN.left, y, SIZE.body);
      }
    }
  }

  let sealSpot: SealSpot | undefined;
  if (doc.closing) {
    const seal = doc.closing.sealDiameterMm * POINTS_PER_MM;
    need(seal + 20);
    y -= 20;
    const right = PAGE.width - MARGIN.right;
    doc.closing.lines.forEach((line, i) => page.text(line, right - 230, y - 30 - i * LINE.body, SIZE.body + 1));
    // The seal sits over the issuer's lines, as a stamped certificate's seal covers its issuer and date.
    sealSpot = { page: pages.length, xMm: (right - 150) / POINTS_PER_MM, yMm: (y - seal + 10) / POINTS_PER_MM };
    y -= seal;
  }

  if (doc.footer !== undefined) {
    pages.forEach((p, i) => {
      const text = `${doc.footer}    第 ${i + 1} 页 / 共 ${pages.length} 页`;
      p.line(MARGIN.left, MARGIN.bottom - 18, PAGE.width - MARGIN.right, MARGIN.bottom - 18, 0.4);
      p.text(text, MARGIN.left, MARGIN.bottom - 32, SIZE.footer, 0.35);
    });
  }

  const writer = new PdfObjectWriter();
  const catalog = writer.reserve();
  const tree = writer.reserve();
  // The font is embedded after every page's text is encoded: only then is the subset complete.
  const contents = pages.map((p) => writer.stream(Buffer.from(p.ops.join('\n'), 'latin1')));
  const fontRef = writer.reserve();
  const pageRefs: ObjectRef[] = contents.map((content) =>
    writer.object(
      `<< /Type /Page /Parent ${refText(tree)} /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 ${refText(
        fontRef,
      )} >> >> /Contents ${refText(content)} >>`,
    ),
  );
  writer.object(`<< /Type /Pages /Kids [${pageRefs.map(refText).join(' ')}] /Count ${pageRefs.length} >>`, tree);
  font.embed(writer, subsetTag(), fontRef);
  writer.object(`<< /Type /Catalog /Pages ${refText(tree)} /Lang (zh-CN) >>`, catalog);
  const info = writer.object(
    `<< /Title ${pdfTextString(doc.title)}${doc.subject ? ` /Subject ${pdfTextString(doc.subject)}` : ''} /Producer ${pdfTextString(
      doc.producer,
    )} /CreationDate ${pdfDate(doc.createdAt)} /ModDate ${pdfDate(doc.createdAt)} >>`,
  );
  return { pdf: writer.finish(catalog, info, randomBytes(16)), pages: pages.length, ...(sealSpot ? { sealSpot } : {}) };
}

/** Six upper-case letters naming this subset (ISO 32000-1, 9.6.4). */
function subsetTag(): string {
  return [...randomBytes(6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
}
