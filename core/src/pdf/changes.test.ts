import { inspectPdfSignatures } from './inspect';
import { PdfDict, PdfName, PdfRef, PdfString } from './objects';
import { signPdf } from './sign';
import { appendUpdate, minimalPdf, recordingContainer, sealImprint, SIGNING_TIME } from './__tests__/helpers';

/**
 * Documents prepared by an attacker before the victim signs them: the signed revision itself is
 * crafted so that a later, rendering-relevant edit looks like an allowed one.
 */
const seal = (pdf: Uint8Array) =>
  signPdf(
    pdf,
    { page: 1, position: { xMm: 20, yMm: 20 }, imprint: { png: sealImprint(40), widthMm: 30, heightMm: 30 }, signingTime: SIGNING_TIME },
    recordingContainer(500).make,
  ).then((r) => r.pdf);

const verdictOf = (pdf: Uint8Array) => inspectPdfSignatures(pdf).signatures[0].changesAfter;
const contentStream = (text: string) => ({ dict: new PdfDict(), data: Buffer.from(text) });

describe('classifyChangesAfter: objects with a second, innocent-looking role', () => {
  it('flags a page content change when the trailer /Info points at the page', async () => {
    const signed = await seal(minimalPdf({}, '/Info 3 0 R'));
    const tampered = appendUpdate(signed, (doc, update) => {
      const fresh = update.allocate();
      update.put(fresh, contentStream('BT (Paid in full) Tj ET'));
      const page = doc.getPage(1);
      update.put(page.ref, page.dict.clone().set('Contents', fresh));
    });
    const result = verdictOf(tampered);
    expect(result.verdict).toBe('disallowed');
    expect(result.changes).toContainEqual({ object: 3, page: 1, allowed: false, reason: 'page content changed' });
  });

  it('flags a changed content stream that the catalog also names as /Metadata', async () => {
    const signed = await seal(minimalPdf({ 1: '<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>' }));
    const tampered = appendUpdate(signed, (_doc, update) => update.put(new PdfRef(4, 0), contentStream('BT (Paid in full) Tj ET')));
    expect(verdictOf(tampered).changes).toContainEqual({ object: 4, allowed: false, reason: 'page content stream changed' });
  });

  it('flags a font swap when the font dictionary doubles as the Info dictionary', async () => {
    const signed = await seal(
      minimalPdf(
        {
          3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>',
          6: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
        },
        '/Info 6 0 R',
      ),
    );
    const tampered = appendUpdate(signed, (_doc, update) =>
      update.put(
        new PdfRef(6, 0),
        new PdfDict().set('Type', new PdfName('Font')).set('Subtype', new PdfName('Type1')).set('BaseFont', new PdfName('Symbol')),
      ),
    );
    const result = verdictOf(tampered);
    expect(result.verdict).toBe('disallowed');
    expect(result.changes.find((c) => c.object === 6)?.allowed).toBe(false);
  });

  it('judges an array that is both the page /Contents and its /Annots as content (the stricter role)', async () => {
    // A later signature's widget appended to /Annots would also be appended to what the page draws.
    const signed = await seal(
      minimalPdf({ 3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 9 0 R /Annots 9 0 R >>', 9: '[4 0 R]' }),
    );
    const cosigned = await seal(signed);
    const result = verdictOf(cosigned);
    expect(result.verdict).toBe('disallowed');
    expect(result.changes).toContainEqual(expect.objectContaining({ object: 9, allowed: false, reason: 'page content stream changed' }));
  });

  it('still allows a plain Info dictionary edit', async () => {
    const signed = await seal(minimalPdf({ 6: '<< /Producer (x) >>' }, '/Info 6 0 R'));
    const edited = appendUpdate(signed, (_doc, update) =>
      update.put(new PdfRef(6, 0), new PdfDict().set('Producer', new PdfString(Buffer.from('y')))),
    );
    expect(verdictOf(edited)).toEqual({ verdict: 'allowed', changes: [{ object: 6, allowed: true, reason: 'document metadata changed' }] });
  });
});

describe('classifyChangesAfter: references that dangled in the signed revision', () => {
  it('flags a content stream defined after signing for a /Contents entry that pointed at nothing', async () => {
    const signed = await seal(minimalPdf({ 3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 90 0 R] >>' }));
    const tampered = appendUpdate(signed, (_doc, update) => update.put(new PdfRef(90, 0), contentStream('BT (Paid in full) Tj ET')));
    const result = verdictOf(tampered);
    expect(result.verdict).toBe('disallowed');
    expect(result.changes.find((c) => c.object === 90)?.allowed).toBe(false);
  });

  it('flags an XObject defined after signing for a resource name that pointed at nothing', async () => {
    const signed = await seal(
      minimalPdf({
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X1 70 0 R >> >> >>',
        6: '<< /Producer (x) >>',
      }),
    );
    const tampered = appendUpdate(signed, (_doc, update) =>
      update.put(new PdfRef(70, 0), {
        dict: new PdfDict().set('Type', new PdfName('XObject')).set('Subtype', new PdfName('Form')).set('BBox', [0, 0, 595, 842]),
        data: Buffer.from('BT (Paid in full) Tj ET'),
      }),
    );
    const result = verdictOf(tampered);
    expect(result.verdict).toBe('disallowed');
    expect(result.changes.find((c) => c.object === 70)?.allowed).toBe(false);
  });
});

describe('classifyChangesAfter: a signed revision it cannot fully read', () => {
  it('does not assume an unreadable object refers to nothing: new objects are then disallowed', async () => {
    // Object 7 is not valid PDF syntax for us, but a more lenient viewer might read it (and a reference in it).
    const signed = await seal(minimalPdf({ 7: '<< /Type /XObject /Subtype /Form /Resources << /XObject << /X 90 0 R' }));
    const tampered = appendUpdate(signed, (_doc, update) => update.put(new PdfRef(90, 0), contentStream('BT (Paid in full) Tj ET')));
    const result = verdictOf(tampered);
    expect(result.verdict).toBe('disallowed');
    expect(result.changes.find((c) => c.object === 90)?.reason).toBe(
      'object changed, and the signed revision has objects that cannot be read to rule out their use',
    );
  });
});

describe('inspectPdfSignatures: certification signatures (DocMDP)', () => {
  /** A document whose only signature certifies it with DocMDP permission `p`, byte range filled in place. */
  function certifiedPdf(p: number): Uint8Array {
    const placeholder = '[0 0000000000 0000000000 0000000000]';
    const text = Buffer.from(
      minimalPdf({
        1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /SigFlags 3 >> /Perms << /DocMDP 5 0 R >> >>',
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [6 0 R] >>',
        5: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /GBT38540.SESSignature /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${p} /V /1.2 >> >>] /ByteRange ${placeholder} /Contents <${'30020500'.padEnd(128, '0')}> >>`,
        6: '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Certification) /V 5 0 R /Rect [0 0 0 0] /P 3 0 R >>',
      }),
    ).toString('latin1');
    const gapStart = text.indexOf('/Contents <') + '/Contents '.length;
    const gapEnd = text.indexOf('>', gapStart) + 1;
    const range = `[0 ${gapStart} ${gapEnd} ${text.length - gapEnd}]`.padEnd(placeholder.length, ' ');
    return new Uint8Array(Buffer.from(text.replace(placeholder, range), 'latin1'));
  }
  const addObject = (pdf: Uint8Array) =>
    appendUpdate(pdf, (_doc, update) =>
      update.put(update.allocate(), new PdfDict().set('Producer', new PdfString(Buffer.from('later tool')))),
    );

  it('reads the certification as covering its revision, with nothing after it', () => {
    const info = inspectPdfSignatures(certifiedPdf(1)).signatures[0];
    expect(info.fieldName).toBe('Certification');
    expect(info.coversWholeRevision).toBe(true);
    expect(info.changesAfter.verdict).toBe('none');
  });

  it('treats any later revision as disallowed under DocMDP P=1, and judges P=2 by the ordinary rules', () => {
    const strict = inspectPdfSignatures(addObject(certifiedPdf(1))).signatures[0].changesAfter;
    expect(strict.verdict).toBe('disallowed');
    expect(strict.changes.map((c) => c.reason)).toContain('the document is certified with no changes permitted (DocMDP P=1)');
    expect(inspectPdfSignatures(addObject(certifiedPdf(2))).signatures[0].changesAfter.verdict).toBe('allowed');
  });
});
