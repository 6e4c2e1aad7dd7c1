import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { SealError } from '../errors';
import { inspectPdfSignatures } from './inspect';
import { POINTS_PER_MM, PdfRect } from './placement';
import { PdfSealRequest, signPdf } from './sign';
import { minimalPdf, pdfLibDocument, recordingContainer, sealImprint, SIGNING_TIME } from './__tests__/helpers';

const imprint = { png: sealImprint(), widthMm: 40, heightMm: 40 };
const request = (over: Partial<PdfSealRequest> = {}): PdfSealRequest => ({
  page: 1,
  position: 'auto',
  imprint,
  signingTime: SIGNING_TIME,
  ...over,
});

const dir = mkdtempSync(join(tmpdir(), 'eseal-auto-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Word boxes as poppler's pdftotext sees them (an independent text layer), in PDF user space. */
function popplerWordBoxes(pdf: Uint8Array, pageHeight: number): PdfRect[] {
  const file = join(dir, 'in.pdf');
  writeFileSync(file, pdf);
  const html = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' }).stdout;
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)].map((m) => {
    const [x1, y1, x2, y2] = m.slice(1, 5).map(Number);
    return [x1, pageHeight - y2, x2, pageHeight - y1];
  });
}

const intersects = (a: PdfRect, b: PdfRect) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** An A4 page whose bottom right quarter is filled with lines of text, as a contract's last page. */
async function pageWithTextBottomRight(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  for (let y = 30; y < 300; y += 14) page.drawText('Party B agrees to every clause above.', { x: 300, y, size: 11, font });
  return doc.save();
}

describe('position "auto"', () => {
  it('puts the imprint at the bottom right of a page without text there', async () => {
    const signed = await signPdf(await pdfLibDocument(1, false), request(), recordingContainer().make);
    const rect = inspectPdfSignatures(signed.pdf).signatures[0].rect!;
    expect(rect[2]).toBeCloseTo(595.28 - 10 * POINTS_PER_MM, 1);
    expect(rect[1]).toBeCloseTo(10 * POINTS_PER_MM, 1);
    expect(rect[2] - rect[0]).toBeCloseTo(40 * POINTS_PER_MM, 1);
  });

  it('moves clear of the text that pdftotext finds where the bottom right would be', async () => {
    const pdf = await pageWithTextBottomRight();
    const words = popplerWordBoxes(pdf, 841.89);
    expect(words.length).toBeGreaterThan(20);
    const signed = await signPdf(pdf, request(), recordingContainer().make);
    const rect = inspectPdfSignatures(signed.pdf).signatures[0].rect!;
    expect(words.filter((w) => intersects(w, rect))).toEqual([]);
    // Still in the lower half, as near the bottom right as the text allows.
    expect(rect[1]).toBeLessThan(841.89 / 2);
  });

  it('refuses a cross-page seal placed automatically', async () => {
    await expect(signPdf(await pdfLibDocument(2, false), request({ crossPage: true }), recordingContainer().make)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('a page smaller than the imprint', () => {
  // 30 × 20 mm: a label, not a form.
  const small = () =>
    minimalPdf({ 3: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${30 * POINTS_PER_MM} ${20 * POINTS_PER_MM}] /Contents 4 0 R >>` });

  it.each([
    ['coordinates', { xMm: 0, yMm: 0 }],
    ['auto', 'auto'],
  ] as const)(
    'is refused with PDF_PAGE_TOO_SMALL naming the page size and the largest imprint that fits (%s)',
    async (_label, position) => {
      const error = await signPdf(small(), request({ position }), recordingContainer().make).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SealError);
      expect(error).toMatchObject({
        code: 'PDF_PAGE_TOO_SMALL',
        details: { page: 1, pageSizeMm: { widthMm: 30, heightMm: 20 }, imprintSizeMm: { widthMm: 40, heightMm: 40 } },
      });
      const largest = (error as SealError).details!.largestImprintMm as { widthMm: number; heightMm: number };
      expect(largest.widthMm).toBeCloseTo(20, 0);
      expect(largest.heightMm).toBeLessThanOrEqual(20);
      expect((error as SealError).message).toContain('30 × 20 mm');
      // The suggested size really fits.
      const signed = await signPdf(
        small(),
        request({ position: { xMm: 0, yMm: 0 }, imprint: { ...imprint, ...largest } }),
        recordingContainer().make,
      );
      expect(inspectPdfSignatures(signed.pdf).signatures).toHaveLength(1);
    },
  );
});
