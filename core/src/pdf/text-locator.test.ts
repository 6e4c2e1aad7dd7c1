import { deflateSync } from 'node:zlib';
import { Budget } from './budget';
import { parseToUnicode } from './cmap';
import { PdfDocument } from './document';
import { inspectPdfSignatures } from './inspect';
import { POINTS_PER_MM } from './placement';
import { signPdf } from './sign';
import { findTextOnPage } from './text-locator';
import { expectSealError, fixture, handmadePdf, pdfLibDocument, recordingContainer, sealImprint, SIGNING_TIME } from './__tests__/helpers';

const TO_UNICODE = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0001> <76D6> <0002> <7AE0> endbfchar
2 beginbfrange <0003> <0004> [<5904> <FF1A>] <0010> <0012> <0041> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`;

/** A page with a composite (Identity-H) font whose text is known only through its ToUnicode CMap. */
function cjkPdf(content: string): Uint8Array {
  return handmadePdf(
    {
      1: '<< /Type /Catalog /Pages 2 0 R >>',
      2: '<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 5 0 R >> >> >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
      4: `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      5: '<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>',
      6: '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 /W [16 [500 500 500]] >>',
      7: `<< /Length ${TO_UNICODE.length} >>\nstream\n${TO_UNICODE}\nendstream`,
    },
    '/Root 1 0 R',
  );
}

const find = (pdf: Uint8Array, text: string, page = 1) => {
  const doc = PdfDocument.open(pdf);
  return findTextOnPage(doc, doc.getPage(page), text);
};

describe('parseToUnicode', () => {
  it('reads bfchar, bfrange with a base and with an array, and the codespace', () => {
    const map = parseToUnicode(Buffer.from(TO_UNICODE), new Budget(1000));
    expect(map.codeLengths).toEqual([2]);
    expect([1, 2, 3, 4, 0x10, 0x12].map((c) => map.lookup(c, 2))).toEqual(['盖', '章', '处', '：', 'A', 'C']);
    expect(map.lookup(9, 2)).toBeUndefined();
  });
});

describe('findTextOnPage', () => {
  it('finds CJK text through ToUnicode, with composite-font widths', () => {
    const boxes = find(cjkPdf('BT /F1 12 Tf 100 200 Td <0010001100120001> Tj <0002 0003> Tj ET'), '盖章处');
    expect(boxes).toHaveLength(1);
    const [x0, y0, x1, y1] = boxes[0];
    expect(x0).toBeCloseTo(100 + 3 * 6, 6); // after three 500-wide glyphs at 12 pt
    expect(x1).toBeCloseTo(100 + 18 + 3 * 12, 6); // three 1000-wide (/DW) glyphs
    expect(y0).toBeCloseTo(200 - 2.4, 6);
    expect(y1).toBeCloseTo(200 + 9.6, 6);
  });

  it('follows cm, q/Q, Tm, TD, T*, TJ kerning and inline images', () => {
    const content = [
      'q 2 0 0 2 0 0 cm BT /F1 10 Tf 1 0 0 1 10 10 Tm (x) Tj ET Q',
      'BI /W 1 /H 1 /BPC 8 /CS /G ID \x00EI\x01 EI',
      'BT /F1 10 Tf 14 TL 50 300 TD T* [<0001> -1000 <0002>] TJ ET',
    ].join('\n');
    const pdf = cjkPdf(content);
    const [box] = find(pdf, '盖章');
    expect(box[0]).toBeCloseTo(50, 6);
    expect(box[1]).toBeCloseTo(300 + 300 - 2, 6); // TD set TL = -300; T* moves down by it: y = 600
    expect(box[2]).toBeCloseTo(50 + 10 + 10 + 10, 6); // glyph, a 1000-unit kern, glyph
    expect(find(pdf, 'nothing here')).toEqual([]);
  });

  it('matches what poppler reports for Ghostscript and cairo output', () => {
    // pdftotext -bbox gives "seal" xMin 260.96 and "tests" xMax 345.44 (baseline 760, 20 pt) for both.
    for (const name of ['ghostscript-classic.pdf', 'cairo.pdf', 'qpdf-object-streams.pdf']) {
      const [box] = find(fixture(name), 'seal tests');
      expect(box[0]).toBeCloseTo(260.96, 1);
      expect(box[2]).toBeCloseTo(345.44, 1);
      expect(find(fixture(name), 'Second page', 2)).toHaveLength(1);
    }
  });

  it('finds text written by pdf-lib (WinAnsi hex strings)', async () => {
    const pdf = await pdfLibDocument(3, true);
    const boxes = find(pdf, 'pdf-lib page 3', 3);
    expect(boxes).toHaveLength(1);
    expect(boxes[0][0]).toBeCloseTo(50, 1);
  });
});

describe('signPdf with a text anchor', () => {
  const imprint = { png: sealImprint(40), widthMm: 30, heightMm: 30 };

  it('centres the seal on the matched text, with offsets and occurrence', async () => {
    const pdf = cjkPdf('BT /F1 12 Tf 100 200 Td <000100020003> Tj 0 -100 Td <000100020003> Tj ET');
    const signed = await signPdf(
      pdf,
      { page: 1, position: { anchorText: '盖章处', occurrence: -1, offsetXMm: 5 }, imprint, signingTime: SIGNING_TIME },
      recordingContainer().make,
    );
    const rect = inspectPdfSignatures(signed.pdf).signatures[0].rect!;
    expect((rect[0] + rect[2]) / 2).toBeCloseTo(118 + 5 * POINTS_PER_MM, 3);
    expect((rect[1] + rect[3]) / 2).toBeCloseTo(100 + 3.6, 3); // the second (last) line
  });

  it('fails with PDF_ANCHOR_NOT_FOUND when the text is absent or the occurrence does not exist', async () => {
    const pdf = cjkPdf('BT /F1 12 Tf 100 200 Td <000100020003> Tj ET');
    const make = recordingContainer().make;
    await expectSealError(
      () => signPdf(pdf, { page: 1, position: { anchorText: '合同专用章' }, imprint, signingTime: SIGNING_TIME }, make),
      'PDF_ANCHOR_NOT_FOUND',
    );
    await expectSealError(
      () => signPdf(pdf, { page: 1, position: { anchorText: '盖章', occurrence: 2 }, imprint, signingTime: SIGNING_TIME }, make),
      'PDF_ANCHOR_NOT_FOUND',
    );
    await expectSealError(
      () => signPdf(pdf, { page: 1, position: { anchorText: '盖章' }, crossPage: true, imprint, signingTime: SIGNING_TIME }, make),
      'VALIDATION_FAILED',
    );
  });

  it('bounds the decoded content of a page as a whole, however often /Contents repeats a stream', async () => {
    const bomb = deflateSync(Buffer.alloc(1 << 20, 0x20)); // 1 MB of spaces, about 1 KB compressed
    const body = (n: number) =>
      handmadePdf(
        {
          1: '<< /Type /Catalog /Pages 2 0 R >>',
          2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
          3: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [${Array.from({ length: n }, () => '4 0 R').join(' ')}] >>`,
          4: `<< /Length ${bomb.length} /Filter /FlateDecode >>\nstream\n${bomb.toString('latin1')}\nendstream`,
        },
        '/Root 1 0 R',
      );
    const open = (pdf: Uint8Array) => PdfDocument.open(pdf, { limits: { maxDecodedBytes: 8 << 20 } });
    const few = open(body(4));
    expect(findTextOnPage(few, few.getPage(1), 'x')).toEqual([]);
    const many = open(body(64));
    await expectSealError(() => findTextOnPage(many, many.getPage(1), 'x'), 'PDF_TOO_COMPLEX');
  });
});
