import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { PdfDocument } from '../pdf';
import { writeReportPdf } from './write-report-pdf';
import type { ReportDocument } from './report-document';

/** The CJK font the service embeds (Debian fonts-wqy-microhei, installed by setup). */
const FONT = new Uint8Array(readFileSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'));

const sample = (extra: Partial<ReportDocument> = {}): ReportDocument => ({
  title: '电子数据存证证书',
  subtitle: '证书编号 ZC2026120600112233AABBCCDD',
  producer: 'eseal',
  createdAt: new Date('2026-12-06T08:00:00Z'),
  blocks: [
    { kind: 'heading', text: '一、文件信息' },
    { kind: 'field', label: '文件名称', value: '供货合同（第二版）.pdf' },
    { kind: 'field', label: '签署后 SM3', value: '9f3c'.repeat(16) },
    { kind: 'paragraph', text: '本证书记载的签章均已锚定于区块链账本。' },
  ],
  ...extra,
});

describe('writeReportPdf', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'eseal-report-pdf-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const save = (name: string, pdf: Uint8Array) => {
    const file = join(dir, name);
    writeFileSync(file, pdf);
    return file;
  };

  it('writes Chinese text that poppler extracts, with only a subset of the font embedded', () => {
    const { pdf } = writeReportPdf(sample(), FONT);
    const file = save('sample.pdf', pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('电子数据存证证书');
    expect(text).toContain('供货合同（第二版）.pdf');
    expect(text.replace(/\s+/g, '')).toContain('9f3c'.repeat(16));
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n')[2]!;
    // name, type "CID TrueType", encoding Identity-H, embedded yes, subset yes, ToUnicode yes
    expect(fonts).toMatch(/^[A-Z]{6}\+WenQuanYiMicroHei\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    // The whole collection is megabytes; the subset of a page of text is tens of kilobytes.
    expect(pdf.length).toBeLessThan(FONT.length / 50);
  });

  it('is a well-formed file for qpdf, pdf-lib and our own parser', async () => {
    const { pdf, pages } = writeReportPdf(sample(), FONT);
    const file = save('check.pdf', pdf);
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(pages);
    expect(PdfDocument.open(pdf).pageCount()).toBe(pages);
  });

  it('flows onto further pages and numbers them', () => {
    const blocks = Array.from({ length: 120 }, (_, i) => ({
      kind: 'field' as const,
      label: `签章 ${i + 1}`,
      value: '天津示范贸易有限公司合同专用章',
    }));
    const { pdf, pages } = writeReportPdf(sample({ blocks, footer: '存证证书' }), FONT);
    expect(pages).toBeGreaterThan(1);
    const text = execFileSync('pdftotext', [save('long.pdf', pdf), '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain(`第${pages}页/共${pages}页`);
    expect(text).toContain('签章 120');
  });

  it('draws a QR code that a decoder reads back, and reserves the seal space on the last page', () => {
    const url = 'https://verify.example.cn/verify/c/ZC2026120600112233AABBCCDD';
    const { pdf, sealSpot, pages } = writeReportPdf(
      sample({ qr: { text: url, caption: '扫码核验' }, closing: { lines: ['出证机构：电子印章服务平台'], sealDiameterMm: 42 } }),
      FONT,
    );
    const file = save('qr.pdf', pdf);
    execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', file, join(dir, 'qr')]);
    const decoded = execFileSync('zbarimg', ['-q', '--raw', join(dir, 'qr.png')], { encoding: 'utf8' }).trim();
    expect(decoded).toBe(url);
    expect(sealSpot).toEqual({ page: pages, xMm: expect.any(Number), yMm: expect.any(Number) });
    // Wholly on an A4 page (210 x 297 mm) for a 42 mm seal.
    expect(sealSpot!.xMm).toBeGreaterThan(0);
    expect(sealSpot!.xMm + 42).toBeLessThan(210);
    expect(sealSpot!.yMm).toBeGreaterThan(0);
  });

  it('refuses a font file it cannot read with a coded error', () => {
    expect(() => writeReportPdf(sample(), new Uint8Array(64))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
