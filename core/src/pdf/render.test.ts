import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng } from './png';
import { signPdf } from './sign';
import { encodePng, handmadePdf, recordingContainer, sealImprint, SIGNING_TIME } from './__tests__/helpers';

/** Red in its top half only: shows whether the imprint is upright. */
const TOP_HALF_RED = encodePng(40, 40, 6, (_x, y) => (y < 20 ? [220, 0, 0, 255] : [0, 0, 0, 0]));

/**
 * Renders sealed pages with poppler's pdftoppm and finds the red imprint in the picture: checks that
 * the seal shows where the request put it, as displayed, on rotated pages too.
 */
// pdftoppm (poppler-utils) is installed by `npm run setup`; a missing tool fails these tests, never skips them.
const DPI = 18; // 1 mm = 0.709 px: coarse, fast, enough to locate a 40 mm seal

function render(
  pdf: Uint8Array,
  page: number,
): { width: number; height: number; red: { x0: number; x1: number; y0: number; y1: number } | undefined } {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-render-'));
  writeFileSync(join(dir, 'in.pdf'), pdf);
  const result = spawnSync('pdftoppm', [
    '-png',
    '-r',
    String(DPI),
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    join(dir, 'in.pdf'),
    join(dir, 'out'),
  ]);
  if (result.status !== 0) throw new Error(`pdftoppm failed: ${result.stderr}`);
  const img = decodePng(readFileSync(join(dir, 'out.png')));
  let red: { x0: number; x1: number; y0: number; y1: number } | undefined;
  const channels = img.colorSpace === 'rgb' ? 3 : 1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * channels;
      if (channels === 3 && img.pixels[i] > 150 && img.pixels[i + 1] < 90 && img.pixels[i + 2] < 90) {
        red = red
          ? { x0: Math.min(red.x0, x), x1: Math.max(red.x1, x), y0: Math.min(red.y0, y), y1: Math.max(red.y1, y) }
          : { x0: x, x1: x, y0: y, y1: y };
      }
    }
  }
  return { width: img.width, height: img.height, red };
}

const mmToPx = (mm: number) => (mm / 25.4) * DPI;

/** The rendered colour at a point given in PDF user space (points from the bottom-left). */
function renderPixels(pdf: Uint8Array, page: number, dpi: number): { pixel(xPt: number, yPt: number): number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-render-'));
  writeFileSync(join(dir, 'in.pdf'), pdf);
  const result = spawnSync('pdftoppm', [
    '-png',
    '-r',
    String(dpi),
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    join(dir, 'in.pdf'),
    join(dir, 'out'),
  ]);
  if (result.status !== 0) throw new Error(`pdftoppm failed: ${result.stderr}`);
  const img = decodePng(readFileSync(join(dir, 'out.png')));
  const scale = dpi / 72;
  return {
    pixel(xPt, yPt) {
      const x = Math.round(xPt * scale);
      const y = img.height - 1 - Math.round(yPt * scale);
      const i = (y * img.width + x) * 3;
      return [img.pixels[i]!, img.pixels[i + 1]!, img.pixels[i + 2]!];
    },
  };
}

describe('rendered seal position (pdftoppm)', () => {
  for (const rotate of [0, 90, 180, 270]) {
    it(`puts the imprint at the requested place on a page with /Rotate ${rotate}`, async () => {
      const pdf = handmadePdf(
        {
          1: '<< /Type /Catalog /Pages 2 0 R >>',
          2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
          3: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Rotate ${rotate} >>`,
        },
        '/Root 1 0 R',
      );
      const signed = await signPdf(
        pdf,
        { page: 1, position: { xMm: 30, yMm: 50 }, imprint: { png: TOP_HALF_RED, widthMm: 40, heightMm: 40 }, signingTime: SIGNING_TIME },
        recordingContainer().make,
      );
      const { width, height, red } = render(signed.pdf, 1);
      expect(width > height).toBe(rotate % 180 !== 0); // landscape when turned a quarter
      expect(red).toBeDefined();
      // Expected box in pixels, from the displayed top-left (images grow downwards).
      const tolerance = 2;
      expect(Math.abs(red!.x0 - mmToPx(30))).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(red!.x1 - mmToPx(70))).toBeLessThanOrEqual(tolerance);
      // Upright: the red half is the upper one, from 90 mm down to 70 mm above the bottom edge.
      expect(Math.abs(red!.y0 - (height - mmToPx(90)))).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(red!.y1 - (height - mmToPx(70)))).toBeLessThanOrEqual(tolerance);
    });
  }

  it('draws the imprint like ink (multiply): black text under red stays black, paper turns red', async () => {
    // A black band across the page under the imprint's lower half of the red area.
    const band = 'q 0 0 0 rg 0 250 595.28 20 re f Q';
    const pdf = handmadePdf(
      {
        1: '<< /Type /Catalog /Pages 2 0 R >>',
        2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R >>',
        4: `<< /Length ${band.length} >>\nstream\n${band}\nendstream`,
      },
      '/Root 1 0 R',
    );
    const solidRed = encodePng(40, 40, 6, () => [220, 0, 0, 255]);
    const signed = await signPdf(
      pdf,
      { page: 1, position: { xMm: 30, yMm: 80 }, imprint: { png: solidRed, widthMm: 40, heightMm: 40 }, signingTime: SIGNING_TIME },
      recordingContainer().make,
    );
    const { pixel } = renderPixels(signed.pdf, 1, 72);
    // Inside the imprint (x 30-70 mm, y 80-120 mm from the bottom): over the band (y 250-270 pt) and over paper.
    expect(pixel((50 * 72) / 25.4, 260)).toEqual([0, 0, 0]);
    expect(pixel((50 * 72) / 25.4, 320)).toEqual([220, 0, 0]);
    // Outside the imprint the band is untouched.
    expect(pixel(10, 260)).toEqual([0, 0, 0]);
  });

  it('splits a cross-page seal across the right edges of the pages', async () => {
    const pdf = handmadePdf(
      {
        1: '<< /Type /Catalog /Pages 2 0 R >>',
        2: '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595.28 841.89] >>',
        3: '<< /Type /Page /Parent 2 0 R >>',
        4: '<< /Type /Page /Parent 2 0 R >>',
      },
      '/Root 1 0 R',
    );
    const signed = await signPdf(
      pdf,
      {
        page: 1,
        crossPage: true,
        position: { xMm: 0, yMm: 100 },
        imprint: { png: sealImprint(80), widthMm: 40, heightMm: 40 },
        signingTime: SIGNING_TIME,
      },
      recordingContainer().make,
    );
    for (const page of [1, 2]) {
      const { width, red } = render(signed.pdf, page);
      expect(red).toBeDefined();
      expect(width - 1 - red!.x1).toBeLessThanOrEqual(2); // flush with the right edge
      expect(red!.x1 - red!.x0).toBeLessThanOrEqual(mmToPx(20) + 2); // half the imprint on each page
    }
  });
});
