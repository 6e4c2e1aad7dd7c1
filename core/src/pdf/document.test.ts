import { deflateSync } from 'node:zlib';
import { PdfDocument } from './document';
import { decodeStream } from './filters';
import { PdfDict, PdfName, PdfStream } from './objects';
import { expectSealError, fixture, handmadePdf, minimalPdf, objectStreamPdf } from './__tests__/helpers';

describe('PdfDocument', () => {
  it('reads a classic table, the catalog and a page with inherited MediaBox', () => {
    const pdf = handmadePdf(
      {
        1: '<< /Type /Catalog /Pages 2 0 R >>',
        2: '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 200 100] /Rotate 90 >>',
        3: '<< /Type /Page /Parent 2 0 R >>',
        4: '<< /Type /Page /Parent 2 0 R /CropBox [10 300 110 20] >>',
      },
      '/Root 1 0 R',
    );
    const doc = PdfDocument.open(pdf);
    expect(doc.pageCount()).toBe(2);
    expect(doc.getPage(1).box).toEqual([0, 0, 200, 100]);
    expect(doc.getPage(1).rotate).toBe(90);
    expect(doc.getPage(2).box).toEqual([10, 20, 110, 300]);
    expect(doc.allPages().map((p) => p.ref.num)).toEqual([3, 4]);
    expect(doc.chain.sections[0].kind).toBe('table');
  });

  it('reads an xref stream with PNG predictors and objects inside an object stream', () => {
    const doc = PdfDocument.open(objectStreamPdf());
    expect(doc.chain.sections[0].kind).toBe('stream');
    expect(doc.entry(3)).toEqual({ type: 'compressed', stream: 5, index: 1 });
    expect(doc.getPage(1).box).toEqual([0, 0, 595, 842]);
    expect(Buffer.from(((doc.resolve(doc.trailer.get('Info')) as PdfDict).get('Producer') as { bytes: Uint8Array }).bytes).toString()).toBe(
      'handmade',
    );
  });

  it('reads a hybrid file: compressed objects come from /XRefStm', () => {
    const doc = PdfDocument.open(objectStreamPdf(true));
    expect(doc.chain.sections[0].kind).toBe('table');
    expect(doc.entry(2)).toEqual({ type: 'compressed', stream: 5, index: 0 });
    expect(doc.pageCount()).toBe(1);
  });

  it('follows /Prev through incremental updates, newest entry winning', () => {
    const base = minimalPdf();
    const prev = PdfDocument.open(base).chain.startxref;
    const update = `1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Lang (zh-CN) >>\nendobj\n`;
    const at = base.length + update.length;
    const next = Buffer.concat([
      base,
      Buffer.from(
        `${update}xref\n1 1\n${String(base.length).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size 5 /Root 1 0 R /Prev ${prev} >>\nstartxref\n${at}\n%%EOF\n`,
        'latin1',
      ),
    ]);
    const doc = PdfDocument.open(next);
    expect(doc.chain.sections).toHaveLength(2);
    expect(doc.catalog().has('Lang')).toBe(true);
    expect(PdfDocument.open(next, { startxref: prev }).catalog().has('Lang')).toBe(false);
  });

  it('reads files from other producers (Ghostscript, qpdf, cairo, linearised)', () => {
    for (const name of [
      'ghostscript-classic.pdf',
      'qpdf-object-streams.pdf',
      'qpdf-linearized.pdf',
      'qpdf-linearized-object-streams.pdf',
      'cairo.pdf',
    ]) {
      const doc = PdfDocument.open(fixture(name));
      expect(doc.pageCount()).toBe(2);
      expect(doc.allPages()).toHaveLength(2);
      expect(doc.getPage(2).box[2]).toBeCloseTo(595, 0);
    }
  });

  it('reads streams with an indirect /Length', () => {
    const pdf = minimalPdf({ 4: '<< /Length 5 0 R >>\nstream\n0 0 m\nendstream', 5: '6' });
    const contents = PdfDocument.open(pdf).getObject(4) as PdfStream;
    expect(Buffer.from(contents.raw).toString()).toBe('0 0 m\n');
  });
});

describe('PdfDocument rejects hostile input with coded errors', () => {
  it('encrypted files', async () => {
    await expectSealError(() => PdfDocument.open(minimalPdf({ 5: '<< /Filter /Standard /V 1 >>' }, '/Encrypt 5 0 R')), 'PDF_ENCRYPTED');
  });

  it('a structural stream behind a chain of filters (each stage could inflate to the decode limit)', async () => {
    const layered = (n: number) => {
      let data: Buffer = Buffer.from('1 0 2 20 << /Type /Pages /Kids [] /Count 0 >>\n<< /Producer (x) >>');
      for (let i = 0; i < n; i++) data = deflateSync(data);
      return new PdfStream(
        new PdfDict().set('Type', new PdfName('ObjStm')).set(
          'Filter',
          Array.from({ length: n }, () => new PdfName('FlateDecode')),
        ),
        new Uint8Array(data),
      );
    };
    expect(Buffer.from(decodeStream(layered(2), 1 << 20)).toString('latin1')).toContain('/Producer (x)');
    await expectSealError(() => decodeStream(layered(3), 1 << 20), 'PDF_TOO_COMPLEX');
  });

  it('a cycle in /Prev: the chain is refused and the table rebuilt by scanning', async () => {
    const base = Buffer.from(minimalPdf());
    const at = PdfDocument.open(base).chain.startxref;
    const looped = Buffer.from(base.toString('latin1').replace('/Root 1 0 R', `/Root 1 0 R /Prev ${at}`), 'latin1');
    await expectSealError(() => PdfDocument.open(looped, { startxref: at }), 'PDF_MALFORMED');
    const repaired = PdfDocument.open(looped);
    expect(repaired.repairs).toEqual([expect.stringContaining('cycle in the xref /Prev chain')]);
    expect(repaired.pageCount()).toBe(1);
  });

  it('files above the size limit, and object counts above the limit', async () => {
    await expectSealError(() => PdfDocument.open(minimalPdf(), { limits: { maxBytes: 100 } }), 'PDF_TOO_LARGE');
    const huge = Buffer.from(
      Buffer.from(minimalPdf())
        .toString('latin1')
        .replace(/\/Size \d+/, '/Size 999999999'),
      'latin1',
    );
    await expectSealError(() => PdfDocument.open(huge), 'PDF_TOO_COMPLEX');
  });

  it('an xref subsection claiming a billion entries', async () => {
    const text = Buffer.from(minimalPdf())
      .toString('latin1')
      .replace(/xref\n0 (\d+)/, 'xref\n0 1000000000');
    await expectSealError(() => PdfDocument.open(Buffer.from(text, 'latin1')), 'PDF_TOO_COMPLEX');
  });

  it('an xref stream whose /Index claims more entries than its data holds', async () => {
    const data = deflateSync(Buffer.alloc(8));
    const text = `%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 10 /Index [0 1000000000] /W [1 2 1] /Filter /FlateDecode /Length ${data.length} >>\nstream\n`;
    const pdf = Buffer.concat([Buffer.from(text, 'latin1'), data, Buffer.from('\nendstream\nendobj\nstartxref\n9\n%%EOF\n')]);
    await expectSealError(() => PdfDocument.open(pdf), 'PDF_TOO_COMPLEX');
    await expectSealError(
      () => PdfDocument.open(Buffer.from(pdf.toString('latin1').replace('/W [1 2 1]', '/W [1 9 1]'), 'latin1')),
      'PDF_MALFORMED',
    );
  });

  it('a page tree that loops back on itself', async () => {
    const pdf = handmadePdf(
      {
        1: '<< /Type /Catalog /Pages 2 0 R >>',
        2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        3: '<< /Type /Pages /Kids [2 0 R] /Count 1 >>',
      },
      '/Root 1 0 R',
    );
    await expectSealError(() => PdfDocument.open(pdf).getPage(1), 'PDF_MALFORMED');
    await expectSealError(() => PdfDocument.open(pdf).allPages(), 'PDF_MALFORMED');
  });

  it('an object stream that contains itself, and a /Length that refers to itself', async () => {
    const self = minimalPdf({ 4: '<< /Length 4 0 R >>\nstream\nabc\nendstream' });
    expect(Buffer.from((PdfDocument.open(self).getObject(4) as PdfStream).raw).toString()).toBe('abc');
    const pdf = objectStreamPdf();
    // Already rebuilt, so the broken entry below is not repaired away by a second scan.
    const doc = PdfDocument.open(pdf, { rebuildXref: 'test' });
    doc.chain.entries.set(5, { type: 'compressed', stream: 5, index: 0 });
    await expectSealError(() => doc.getObject(2), 'PDF_MALFORMED');
  });

  it('pages out of range, missing header, and no startxref', async () => {
    await expectSealError(() => PdfDocument.open(minimalPdf()).getPage(2), 'PDF_PAGE_OUT_OF_RANGE');
    await expectSealError(() => PdfDocument.open(minimalPdf()).getPage(0), 'PDF_PAGE_OUT_OF_RANGE');
    await expectSealError(() => PdfDocument.open(Buffer.from('hello world')), 'PDF_MALFORMED');
    await expectSealError(() => PdfDocument.open(Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF')), 'PDF_MALFORMED');
  });

  it('an inflate bomb in an xref stream', async () => {
    const bomb = deflateSync(Buffer.alloc(20 * 1024 * 1024));
    const text = `%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 1 /W [1 2 1] /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`;
    const pdf = Buffer.concat([Buffer.from(text, 'latin1'), bomb, Buffer.from(`\nendstream\nendobj\nstartxref\n9\n%%EOF\n`)]);
    await expectSealError(() => PdfDocument.open(pdf, { limits: { maxDecodedBytes: 1024 * 1024 } }), 'PDF_TOO_COMPLEX');
  });

  it('keeps the name of a decoded name key intact', () => {
    const doc = PdfDocument.open(minimalPdf({ 1: '<< /Type /Catalog /Pages 2 0 R /My#20Key /Val#2fue >>' }));
    expect((doc.catalog().get('My Key') as PdfName).value).toBe('Val/ue');
  });
});
