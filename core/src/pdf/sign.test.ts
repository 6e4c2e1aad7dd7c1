import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PdfDocument } from './document';
import { inspectPdfSignatures } from './inspect';
import { PdfDict, PdfName, PdfRef, PdfStream } from './objects';
import { POINTS_PER_MM } from './placement';
import { PdfSealRequest, signPdf } from './sign';
import {
  expectSealError,
  fakeDer,
  fixture,
  minimalPdf,
  objectStreamPdf,
  pdfLibDocument,
  recordingContainer,
  sealImprint,
  SIGNING_TIME,
} from './__tests__/helpers';

const imprint = { png: sealImprint(), widthMm: 40, heightMm: 40 };
const request = (over: Partial<PdfSealRequest> = {}): PdfSealRequest => ({
  page: 1,
  position: { xMm: 20, yMm: 30 },
  imprint,
  signingTime: SIGNING_TIME,
  signerName: '天津某某有限公司',
  reason: 'contract',
  location: 'Tianjin',
  ...over,
});

// qpdf and pdfsig are installed by `npm run setup` as independent judges: a missing tool fails, never skips.

describe('signPdf', () => {
  it('appends one revision, keeping every original byte, and fills ByteRange and Contents', async () => {
    const original = await pdfLibDocument(2, false);
    const container = recordingContainer(700);
    const signed = await signPdf(original, request(), container.make);
    const out = Buffer.from(signed.pdf);
    expect(out.subarray(0, original.length).equals(Buffer.from(original))).toBe(true);
    const [o1, l1, o2, l2] = signed.byteRange;
    expect(o1).toBe(0);
    expect(o2 + l2).toBe(out.length);
    expect(out[l1]).toBe(0x3c);
    expect(out[o2 - 1]).toBe(0x3e);
    expect(out.toString('latin1', o2 + l2 - 6)).toBe('%%EOF\n');
    const expected = createHash('sm3').update(out.subarray(0, l1)).update(out.subarray(o2)).digest();
    expect(Buffer.from(signed.sm3).equals(expected)).toBe(true);
    expect(container.calls).toHaveLength(1);
    expect(Buffer.from(container.calls[0].sm3).equals(expected)).toBe(true);
    expect(container.calls[0].byteRange).toEqual(signed.byteRange);
    expect(out.toString('latin1', l1 + 1, l1 + 1 + 1400)).toBe(Buffer.from(fakeDer(700)).toString('hex'));
    expect(out.toString('latin1').match(/\/ByteRange \[([^\]]*)\]/)![1]).toBe(signed.byteRange.join(' '));
  });

  it('writes the field, widget, appearance and signature dictionary where the request says', async () => {
    const signed = await signPdf(
      await pdfLibDocument(3, true),
      request({ page: 2, position: { xMm: 100, yMm: 50, anchor: 'centre' } }),
      recordingContainer().make,
    );
    const doc = PdfDocument.open(signed.pdf);
    expect(doc.chain.sections[0].kind).toBe('stream'); // same style as the input's last section
    const acroForm = doc.resolveDict(doc.catalog().get('AcroForm'))!;
    expect(acroForm.get('SigFlags')).toBe(3);
    const field = doc.resolveDict((acroForm.get('Fields') as PdfRef[])[0])!;
    expect((field.get('FT') as PdfName).value).toBe('Sig');
    const page = doc.getPage(2);
    expect((page.dict.get('Annots') as PdfRef[]).map((r) => r.num)).toContain((acroForm.get('Fields') as PdfRef[])[0].num);
    const rect = field.get('Rect') as number[];
    expect(rect[0]).toBeCloseTo(100 * POINTS_PER_MM - 20 * POINTS_PER_MM, 3);
    expect(rect[3] - rect[1]).toBeCloseTo(40 * POINTS_PER_MM, 3);
    const ap = doc.resolve((field.get('AP') as PdfDict).get('N')) as PdfStream;
    expect((ap.dict.get('Subtype') as PdfName).value).toBe('Form');
    const image = doc.resolve(
      (ap.dict.get('Resources') as PdfDict).get('XObject') instanceof PdfDict
        ? ((ap.dict.get('Resources') as PdfDict).get('XObject') as PdfDict).get('Im0')
        : undefined,
    ) as PdfStream;
    expect(image.dict.get('Width')).toBe(120);
    expect(image.dict.has('SMask')).toBe(true);
    const sig = doc.resolveDict(field.get('V'))!;
    expect((sig.get('SubFilter') as PdfName).value).toBe('GBT38540.SESSignature');
    expect((sig.get('Filter') as PdfName).value).toBe('Adobe.PPKLite');
    const info = inspectPdfSignatures(signed.pdf).signatures[0];
    expect(info).toMatchObject({
      fieldName: 'Signature1',
      page: 2,
      signerName: '天津某某有限公司',
      reason: 'contract',
      location: 'Tianjin',
      coversWholeRevision: true,
      revision: 2,
    });
    expect(info.signingTime?.toISOString()).toBe(SIGNING_TIME.toISOString());
    expect(info.changesAfter.verdict).toBe('none');
  });

  it('signs files from other producers, with classic, stream, hybrid-free and linearised xrefs', async () => {
    for (const name of [
      'ghostscript-classic.pdf',
      'qpdf-object-streams.pdf',
      'qpdf-linearized.pdf',
      'qpdf-linearized-object-streams.pdf',
      'cairo.pdf',
    ]) {
      const original = fixture(name);
      const signed = await signPdf(original, request({ page: 2 }), recordingContainer().make);
      expect(Buffer.from(signed.pdf.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
      const inspection = inspectPdfSignatures(signed.pdf);
      expect(inspection.pageCount).toBe(2);
      expect(inspection.signatures).toHaveLength(1);
      expect(inspection.signatures[0]).toMatchObject({ page: 2, coversWholeRevision: true });
      expect(inspection.signatures[0].changesAfter.verdict).toBe('none');
    }
  });

  it('keeps earlier signatures byte-for-byte over ten signatures, each later change allowed', async () => {
    let pdf = await pdfLibDocument(2, false);
    const lengths: number[] = [];
    const snapshots: Buffer[] = [];
    for (let i = 0; i < 10; i++) {
      snapshots.push(Buffer.from(pdf));
      const signed = await signPdf(
        pdf,
        request({ page: 1 + (i % 2), position: { xMm: 10 + (i % 4) * 45, yMm: 10 + Math.floor(i / 4) * 45 } }),
        recordingContainer(300 + i).make,
      );
      pdf = signed.pdf;
      lengths.push(pdf.length);
      expect(signed.fieldName).toBe(`Signature${i + 1}`);
    }
    snapshots.forEach((snap) => expect(Buffer.from(pdf.subarray(0, snap.length)).equals(snap)).toBe(true));
    const inspection = inspectPdfSignatures(pdf);
    expect(inspection.signatures).toHaveLength(10);
    inspection.signatures.forEach((s, i) => {
      expect(s.coversWholeRevision).toBe(true);
      expect(s.byteRange![2] + s.byteRange![3]).toBe(lengths[i]);
      expect(s.contents.length).toBe(300 + i);
      expect(s.changesAfter.verdict).toBe(i === 9 ? 'none' : 'allowed');
    });
  });

  it('signs hand-made xref-stream and hybrid (/XRefStm) files, twice', async () => {
    for (const [pdf, style] of [
      [objectStreamPdf(false), 'stream'],
      [objectStreamPdf(true), 'table'],
    ] as const) {
      let out: Uint8Array = pdf;
      for (let i = 0; i < 2; i++)
        out = (await signPdf(out, request({ position: { xMm: 20 + 60 * i, yMm: 30 } }), recordingContainer().make)).pdf;
      const doc = PdfDocument.open(out);
      expect(doc.chain.sections.map((s) => s.kind)).toEqual([style, style, style]);
      const inspection = inspectPdfSignatures(out);
      expect(inspection.signatures.map((s) => [s.coversWholeRevision, s.changesAfter.verdict])).toEqual([
        [true, 'allowed'],
        [true, 'none'],
      ]);
    }
  });

  it('keeps existing fields when the AcroForm is direct in the catalog, or indirect with an indirect /Fields', async () => {
    const direct = minimalPdf({
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /DA (/Helv 0 Tf 0 g) >> >>',
      5: '<< /FT /Tx /T (name) /V (x) >>',
    });
    const indirect = minimalPdf({
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R >>',
      5: '<< /FT /Tx /T (Signature1) >>',
      6: '<< /Fields 7 0 R /SigFlags 1 >>',
      7: '[5 0 R]',
    });
    for (const pdf of [direct, indirect]) {
      const signed = await signPdf(pdf, request(), recordingContainer().make);
      const doc = PdfDocument.open(signed.pdf);
      const form = doc.resolveDict(doc.catalog().get('AcroForm'))!;
      const fields = doc.resolve(form.get('Fields')) as PdfRef[];
      expect(fields.map((f) => f.num)).toEqual([5, expect.any(Number)]);
      expect(form.get('SigFlags')).toBe(3);
      const inspection = inspectPdfSignatures(signed.pdf);
      expect(inspection.signatures.map((s) => s.fieldName)).toEqual([pdf === indirect ? 'Signature2' : 'Signature1']);
    }
  });

  it('puts a cross-page seal on every page as slices of one field', async () => {
    const signed = await signPdf(
      await pdfLibDocument(4, false),
      request({ crossPage: true, position: { xMm: 0, yMm: 120 } }),
      recordingContainer().make,
    );
    expect(signed.pages).toEqual([1, 2, 3, 4]);
    const info = inspectPdfSignatures(signed.pdf).signatures[0];
    expect(info.widgets.map((w) => w.page)).toEqual([1, 2, 3, 4]);
    for (const w of info.widgets) {
      expect(w.rect![2]).toBeCloseTo(595.28, 2); // flush with the right edge
      expect(w.rect![2] - w.rect![0]).toBeCloseTo((40 * POINTS_PER_MM) / 4, 3);
    }
  });

  it('splits a cross-page seal on a long document into even groups of pages, each carrying the whole imprint', async () => {
    const width = (n: number) => (40 * POINTS_PER_MM) / n;
    const widgetsOf = async (pages: number, groupSize?: number) => {
      const signed = await signPdf(
        await pdfLibDocument(pages, false),
        request({ crossPage: true, position: { xMm: 0, yMm: 120 }, ...(groupSize ? { crossPageGroupSize: groupSize } : {}) }),
        recordingContainer().make,
      );
      return inspectPdfSignatures(signed.pdf).signatures[0]!.widgets.map((w) => w.rect![2] - w.rect![0]);
    };
    // Default 20 pages per group: 45 pages are three groups of 15, not 20 + 20 + 5.
    const default45 = await widgetsOf(45);
    expect(default45).toHaveLength(45);
    for (const w of default45) expect(w).toBeCloseTo(width(15), 3);
    // Configurable: 7 pages in groups of at most 3 are 3 + 2 + 2.
    const grouped = await widgetsOf(7, 3);
    expect(grouped.map((w) => Math.round((40 * POINTS_PER_MM) / w))).toEqual([3, 3, 3, 2, 2, 2, 2]);
    await expectSealError(() => widgetsOf(4, 1), 'VALIDATION_FAILED');
  });

  it('rejects bad requests with coded errors', async () => {
    const pdf = minimalPdf();
    const make = recordingContainer().make;
    await expectSealError(() => signPdf(pdf, request({ page: 2 }), make), 'PDF_PAGE_OUT_OF_RANGE');
    await expectSealError(() => signPdf(pdf, request({ position: { xMm: 200, yMm: 10 } }), make), 'VALIDATION_FAILED');
    await expectSealError(() => signPdf(pdf, request({ imprint: { ...imprint, widthMm: -1 } }), make), 'VALIDATION_FAILED');
    await expectSealError(
      () => signPdf(pdf, request({ imprint: { ...imprint, png: Buffer.from('not a png') } }), make),
      'VALIDATION_FAILED',
    );
    await expectSealError(() => signPdf(pdf, request({ signingTime: new Date('x') }), make), 'VALIDATION_FAILED');
    await expectSealError(() => signPdf(pdf, request({ contentsSize: 1 }), make), 'VALIDATION_FAILED');
    await expectSealError(
      () =>
        signPdf(
          minimalPdf({ 5: '<< /FT /Sig /T (Taken) >>', 1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>' }),
          request({ fieldName: 'Taken' }),
          make,
        ),
      'VALIDATION_FAILED',
    );
    await expectSealError(() => signPdf(minimalPdf({ 5: '<< /Filter /Standard >>' }, '/Encrypt 5 0 R'), request(), make), 'PDF_ENCRYPTED');
    const certified = (p: number) =>
      minimalPdf({
        1: '<< /Type /Catalog /Pages 2 0 R /Perms << /DocMDP 5 0 R >> >>',
        5: `<< /Type /Sig /Reference [<< /TransformMethod /DocMDP /TransformParams << /P ${p} >> >>] >>`,
      });
    await expectSealError(() => signPdf(certified(1), request(), make), 'VALIDATION_FAILED');
    await expect(signPdf(certified(2), request(), make)).resolves.toBeDefined();
  });

  it('fails when the container does not fit the reserved /Contents', async () => {
    const tooBig = async () => fakeDer(2000);
    await expectSealError(() => signPdf(minimalPdf(), request({ contentsSize: 1000 }), tooBig), 'VALIDATION_FAILED');
    const fits = await signPdf(minimalPdf(), request({ contentsSize: 2000 }), tooBig);
    expect(inspectPdfSignatures(fits.pdf).signatures[0].contents.length).toBe(2000);
  });

  it('produces files qpdf --check accepts, from every producer and xref style, with a cross-page seal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eseal-pdf-'));
    const inputs: [string, Uint8Array][] = [
      ...[
        'ghostscript-classic.pdf',
        'qpdf-object-streams.pdf',
        'qpdf-linearized.pdf',
        'qpdf-linearized-object-streams.pdf',
        'cairo.pdf',
      ].map((n): [string, Uint8Array] => [n, fixture(n)]),
      ['xref-stream.pdf', objectStreamPdf(false)],
      ['hybrid.pdf', objectStreamPdf(true)],
      ['pdf-lib.pdf', await pdfLibDocument(3, true)],
    ];
    for (const [name, input] of inputs) {
      let pdf = input;
      for (let i = 0; i < 2; i++)
        pdf = (await signPdf(pdf, request({ position: { xMm: 20 + i * 50, yMm: 30 } }), recordingContainer().make)).pdf;
      pdf = (await signPdf(pdf, request({ crossPage: true, position: { xMm: 0, yMm: 150 } }), recordingContainer().make)).pdf;
      const file = join(dir, name);
      writeFileSync(file, pdf);
      const result = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
      expect({ name, status: result.status, out: result.stdout.includes('No syntax or stream encoding errors') }).toEqual({
        name,
        status: 0,
        out: true,
      });
    }
  });

  it('is seen by poppler pdfsig as a signature field with our byte range', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eseal-pdf-'));
    const signed = await signPdf(fixture('ghostscript-classic.pdf'), request(), recordingContainer().make);
    const file = join(dir, 'signed.pdf');
    writeFileSync(file, signed.pdf);
    const out = spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout;
    const [o1, l1, o2, l2] = signed.byteRange;
    expect(out).toContain('Signature Field Name: Signature1');
    expect(out).toContain(`Signed Ranges: [${o1} - ${l1}], [${o2} - ${o2 + l2}]`);
    expect(out).toContain('Total document signed');
  });
});
