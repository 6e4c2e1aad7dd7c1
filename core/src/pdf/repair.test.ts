import { T, world } from '../seal/__tests__/fixtures';
import { verifyPdf } from '../verify';
import { MemoryLedger, sealPdf, testSeal } from '../verify/__tests__/signed-pdf';
import { PdfDocument } from './document';
import { inspectPdfSignatures } from './inspect';
import { PdfRef } from './objects';
import { assertVerifiable } from './self-check';
import { signPdf } from './sign';
import {
  expectSealError,
  handmadePdf,
  minimalPdf,
  MINIMAL_OBJECTS,
  recordingContainer,
  sealImprint,
  SIGNING_TIME,
} from './__tests__/helpers';

const latin1 = (pdf: Uint8Array) => Buffer.from(pdf).toString('latin1');
const fromLatin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const request = {
  page: 1,
  position: { xMm: 20, yMm: 20 },
  imprint: { png: sealImprint(40), widthMm: 30, heightMm: 30 },
  signingTime: SIGNING_TIME,
};

/** The file with its startxref value replaced. */
const withStartxref = (pdf: Uint8Array, value: number) => fromLatin1(latin1(pdf).replace(/startxref\n\d+/, `startxref\n${value}`));

// Verified a minute after signing: later, an unanchored signature is INDETERMINATE (its anchoring window has passed).
const justAfterSigning = new Date(T.signing.getTime() + 60_000);

describe('repair on read', () => {
  const w = world();

  it('rebuilds the object table when startxref points outside the file', () => {
    const doc = PdfDocument.open(withStartxref(minimalPdf(), 999_999));
    expect(doc.repairs).toEqual([
      expect.stringMatching(/^cross-reference data rebuilt by scanning the file \(startxref does not point inside the file\)/),
    ]);
    expect(doc.pageCount()).toBe(1);
  });

  it('rebuilds when startxref points at garbage, seals with a complete xref section, and reports the repair', async () => {
    const broken = withStartxref(minimalPdf(), 20);
    const doc = PdfDocument.open(broken);
    expect(doc.repairs).toEqual([expect.stringMatching(/^cross-reference data rebuilt by scanning the file/)]);

    const seal = await testSeal(w, '12010000009801');
    const signed = await sealPdf(broken, seal, T.signing);
    expect(signed.repairs).toEqual(doc.repairs);
    expect(Buffer.from(signed.pdf.subarray(0, broken.length)).equals(Buffer.from(broken))).toBe(true);
    // The new section lists every object itself and has no /Prev into the broken chain.
    const out = PdfDocument.open(signed.pdf);
    expect(out.repairs).toEqual([]);
    expect(out.chain.sections).toHaveLength(1);
    expect(out.trailer.has('Prev')).toBe(false);
    for (const num of [1, 2, 3, 4]) expect(out.entry(num)).toMatchObject({ type: 'offset' });

    const ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd);
    const report = await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: justAfterSigning });
    expect(report.valid).toBe(true);
    expect(report.repaired).toEqual([expect.stringMatching(/^revision 1: cross-reference data rebuilt/)]);
    const intact = await verifyPdf((await sealPdf(minimalPdf(), seal, T.signing)).pdf, { trust: w.trust, ledger, now: justAfterSigning });
    expect(intact.repaired).toBeUndefined();
  });

  it('rebuilds when an xref entry points at another object, and reads everything again from the rebuilt table', async () => {
    const pdf = minimalPdf();
    const offsets = [...latin1(pdf).matchAll(/(\d{10}) 00000 n/g)].map((m) => m[1]);
    // Object 3 (the page) listed at object 1's offset: found only when the page is read.
    const broken = fromLatin1(latin1(pdf).replace(`${offsets[2]} 00000 n`, `${offsets[0]} 00000 n`));
    const doc = PdfDocument.open(broken);
    expect(doc.repairs).toEqual([]);
    expect(doc.getPage(1).ref.num).toBe(3);
    expect(doc.repairs).toEqual([expect.stringContaining('object 3: xref offset points at a different object')]);

    const signed = await signPdf(broken, request, recordingContainer().make);
    expect(signed.repairs).toEqual([expect.stringContaining('object 3')]);
    expect(inspectPdfSignatures(signed.pdf).signatures[0]).toMatchObject({
      page: 1,
      coversWholeRevision: true,
      changesAfter: { verdict: 'none' },
    });
  });

  it('finds the catalog by scanning when the xref and the trailer are gone', async () => {
    const text = latin1(minimalPdf());
    const cut = fromLatin1(text.slice(0, text.indexOf('xref')));
    const doc = PdfDocument.open(cut);
    expect(doc.catalog().get('Pages')).toEqual(new PdfRef(2, 0));
    const signed = await signPdf(cut, request, recordingContainer().make);
    expect(inspectPdfSignatures(signed.pdf).signatures).toHaveLength(1);
  });

  it('ignores stray headers with absurd object numbers and spells of "obj" inside stream data', () => {
    const pdf = minimalPdf({ 5: '<< /Length 40 >>\nstream\n9 0 obj << /Type /Catalog >> endobj 12\nendstream' });
    const broken = withStartxref(fromLatin1(latin1(pdf).replace('%PDF-1.7\n', '%PDF-1.7\n99999999999 0 obj\n')), 5);
    const doc = PdfDocument.open(broken);
    expect(doc.repairs).toHaveLength(1);
    expect(doc.trailer.get('Root')).toEqual(new PdfRef(1, 0));
    expect(doc.entry(9)).toBeUndefined();
    expect(doc.pageCount()).toBe(1);
  });

  it('still refuses an encrypted file whose xref is broken', async () => {
    const encrypted = handmadePdf(
      { ...MINIMAL_OBJECTS, 5: '<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>' },
      '/Root 1 0 R /Encrypt 5 0 R',
    );
    await expectSealError(() => PdfDocument.open(withStartxref(encrypted, 999_999)), 'PDF_ENCRYPTED');
    // An older trailer that declares /Encrypt, and a newer one (naming the catalog) that does not.
    const text = latin1(encrypted);
    const stripped = fromLatin1(`${text}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n999999\n%%EOF\n`);
    await expectSealError(() => PdfDocument.open(stripped), 'PDF_ENCRYPTED');
  });

  it('counts pages by walking the tree when /Count is missing or wrong, the same way for signer and verifier', async () => {
    const objects = {
      ...MINIMAL_OBJECTS,
      2: '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 7 >>',
      5: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>',
    };
    const pdf = handmadePdf(objects, '/Root 1 0 R');
    const doc = PdfDocument.open(pdf);
    expect(doc.pageCount()).toBe(2);
    expect(doc.repairs).toEqual(['page tree: /Count missing or wrong on 1 node(s), pages counted by walking the tree']);
    await expectSealError(() => doc.getPage(3), 'PDF_PAGE_OUT_OF_RANGE');
    const signed = await signPdf(pdf, { ...request, page: 2 }, recordingContainer().make);
    expect(signed.repairs).toEqual(doc.repairs);
    const inspection = inspectPdfSignatures(signed.pdf);
    expect(inspection.pageCount).toBe(2);
    expect(inspection.signatures[0].page).toBe(2);
  });
  it('skips page-tree kids whose object is missing, and calls a tree with no page left malformed, not a page out of range', async () => {
    const oneMissing = handmadePdf({ ...MINIMAL_OBJECTS, 2: '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>' }, '/Root 1 0 R');
    const doc = PdfDocument.open(oneMissing);
    expect(doc.pageCount()).toBe(1);
    expect(doc.repairs).toContain('page tree: 1 kid(s) whose object is missing were skipped');

    // Found by the qpdf-rewrite property test: a damaged file whose every page object is gone. Asked
    // for page 1, "page 1 is outside 1..0" blamed the caller's page number; the file is what is wrong.
    const noneLeft = handmadePdf({ 1: MINIMAL_OBJECTS[1]!, 2: '<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 2 >>' }, '/Root 1 0 R');
    expect(PdfDocument.open(noneLeft).pageCount()).toBe(0);
    await expectSealError(() => PdfDocument.open(noneLeft).getPage(1), 'PDF_MALFORMED');
    await expectSealError(() => signPdf(noneLeft, request, recordingContainer().make), 'PDF_MALFORMED');
    await expectSealError(() => signPdf(noneLeft, { ...request, crossPage: true }, recordingContainer().make), 'PDF_MALFORMED');
  });
});

describe('never sign what we cannot verify', () => {
  it('refuses a page tree with a loop in another branch, as the verifier does (the signer used to seal page 1 of it)', async () => {
    const looped = handmadePdf(
      {
        ...MINIMAL_OBJECTS,
        2: '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>',
        5: '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>',
      },
      '/Root 1 0 R',
    );
    await expectSealError(() => signPdf(looped, request, recordingContainer().make), 'PDF_MALFORMED');
    await expectSealError(() => inspectPdfSignatures(looped), 'PDF_MALFORMED');
  });

  it('refuses with PDF_UNVERIFIABLE when the verifier reads the sealed file differently from what was written', async () => {
    const signed = await signPdf(minimalPdf(), request, recordingContainer().make);
    const output = {
      pdf: signed.pdf,
      signatureObject: signed.signatureObject,
      byteRange: signed.byteRange,
      container: signed.container,
      pages: signed.pages,
    };
    expect(() => assertVerifiable(output)).not.toThrow();
    expect(() => assertVerifiable({ ...output, pages: [2] })).toThrow(expect.objectContaining({ code: 'PDF_UNVERIFIABLE' }));
    expect(() => assertVerifiable({ ...output, container: new Uint8Array([0x30, 0x01, 0x00]) })).toThrow(
      expect.objectContaining({ code: 'PDF_UNVERIFIABLE' }),
    );
    expect(() => assertVerifiable({ ...output, signatureObject: 1 })).toThrow(
      expect.objectContaining({
        code: 'PDF_UNVERIFIABLE',
        details: { problems: ['verification does not find the new signature in the field tree'] },
      }),
    );
    // Bytes appended after the seal: the verifier sees a change after the signature.
    const appended = new Uint8Array(Buffer.concat([Buffer.from(signed.pdf), Buffer.from('garbage\n')]));
    expect(() => assertVerifiable({ ...output, pdf: appended })).toThrow(expect.objectContaining({ code: 'PDF_UNVERIFIABLE' }));
  });
});
