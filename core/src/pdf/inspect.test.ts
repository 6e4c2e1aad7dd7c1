import { deflateSync } from 'node:zlib';
import { PdfDocument } from './document';
import { inspectPdfSignatures } from './inspect';
import { decodeStream } from './filters';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString } from './objects';
import { addFieldToAcroForm, appendAnnotations } from './form-update';
import { signPdf } from './sign';
import { BYTE_RANGE_PLACEHOLDER, ByteRange, formatByteRange, sm3ByteRange } from './byte-range';
import { plainHexToken } from './parser';
import {
  appendUpdate,
  expectSealError,
  fakeDer,
  fixture,
  handmadePdf,
  minimalPdf,
  pdfLibDocument,
  recordingContainer,
  sealImprint,
  SIGNING_TIME,
} from './__tests__/helpers';

const seal = (pdf: Uint8Array, page = 1, xMm = 20) =>
  signPdf(
    pdf,
    { page, position: { xMm, yMm: 20 }, imprint: { png: sealImprint(40), widthMm: 30, heightMm: 30 }, signingTime: SIGNING_TIME },
    recordingContainer(500).make,
  ).then((r) => r.pdf);

const verdictOf = (pdf: Uint8Array) => inspectPdfSignatures(pdf).signatures[0].changesAfter;

describe('inspectPdfSignatures: what changed after a signature', () => {
  it('is "none" for the last signature and "allowed" after a second signature', async () => {
    const once = await seal(await pdfLibDocument(2, true));
    expect(verdictOf(once)).toEqual({ verdict: 'none', changes: [] });
    const twice = await seal(once, 2);
    const after = verdictOf(twice);
    expect(after.verdict).toBe('allowed');
    expect(after.changes.every((c) => c.allowed)).toBe(true);
    expect(after.changes.map((c) => c.reason)).toContain("a later signature's widget added to a page");
  });

  it('flags a changed page content stream', async () => {
    const signed = await seal(minimalPdf());
    const tampered = appendUpdate(signed, (_doc, update) =>
      update.put(new PdfRef(4, 0), { dict: new PdfDict(), data: Buffer.from('BT (Paid in full) Tj ET') }),
    );
    const result = verdictOf(tampered);
    expect(result.verdict).toBe('disallowed');
    expect(result.changes).toContainEqual({ object: 4, allowed: false, reason: 'page content stream changed' });
  });

  it('flags a page whose /Contents now points at a new stream', async () => {
    const signed = await seal(minimalPdf());
    const tampered = appendUpdate(signed, (doc, update) => {
      const fresh = update.allocate();
      update.put(fresh, { dict: new PdfDict(), data: Buffer.from('0 0 m') });
      const page = doc.getPage(1);
      update.put(page.ref, page.dict.clone().set('Contents', fresh));
    });
    expect(verdictOf(tampered).changes).toContainEqual({ object: 3, page: 1, allowed: false, reason: 'page content changed' });
  });

  it('flags pages added to the page tree', async () => {
    const signed = await seal(minimalPdf());
    const tampered = appendUpdate(signed, (doc, update) => {
      const pagesRef = doc.catalog().get('Pages') as PdfRef;
      const pages = doc.resolveDict(pagesRef)!;
      const extra = update.allocate();
      update.put(extra, new PdfDict().set('Type', new PdfName('Page')).set('Parent', pagesRef).set('MediaBox', [0, 0, 100, 100]));
      update.put(
        pagesRef,
        pages
          .clone()
          .set('Kids', [...(pages.get('Kids') as PdfRef[]), extra])
          .set('Count', 2),
      );
    });
    const result = verdictOf(tampered);
    expect(result.verdict).toBe('disallowed');
    expect(result.changes.find((c) => c.object === 2)?.reason).toMatch(/page tree/);
  });

  it('flags a non-signature annotation added to a page (e.g. a text box over the content)', async () => {
    const signed = await seal(minimalPdf());
    const tampered = appendUpdate(signed, (doc, update) => {
      const page = doc.getPage(1);
      const note = update.allocate();
      update.put(
        note,
        new PdfDict().set('Type', new PdfName('Annot')).set('Subtype', new PdfName('FreeText')).set('Rect', [0, 0, 500, 500]),
      );
      update.put(page.ref, page.dict.clone().set('Annots', [...(page.dict.get('Annots') as PdfRef[]), note]));
    });
    expect(verdictOf(tampered).changes).toContainEqual({
      object: 3,
      page: 1,
      allowed: false,
      reason: 'page annotations: entries were added that no later signature vouches for',
    });
    expect(verdictOf(tampered).changes).toContainEqual({
      object: 11,
      page: 1,
      allowed: false,
      reason: "page annotations: added (Annot FreeText), and it is no later signature's own field or widget",
    });
  });

  it('flags a changed signature dictionary, a replaced catalog and a removed field', async () => {
    const signed = await seal(minimalPdf());
    const sigNum = inspectPdfSignatures(signed).signatures[0].signatureObject!;
    const sigChanged = appendUpdate(signed, (doc, update) => {
      update.put(new PdfRef(sigNum, 0), (doc.getObject(sigNum) as PdfDict).clone().set('Reason', new PdfString(Buffer.from('forged'))));
    });
    expect(verdictOf(sigChanged).changes).toContainEqual({
      object: sigNum,
      allowed: false,
      reason: 'an existing signature dictionary was changed',
    });

    const newRoot = appendUpdate(signed, (doc, update) => {
      const root = update.allocate();
      update.put(root, doc.catalog().clone());
      doc.trailer.set('Root', root); // the next trailer is cloned from this one
    });
    expect(verdictOf(newRoot).changes).toContainEqual({ object: 0, allowed: false, reason: 'trailer /Root points at a different catalog' });

    const fieldRemoved = appendUpdate(signed, (doc, update) => {
      const catalog = doc.catalog();
      update.put(doc.trailer.get('Root') as PdfRef, catalog.clone().set('AcroForm', new PdfDict().set('Fields', [])));
    });
    // The field is gone from the final AcroForm; the signature is still found through its revision.
    const hidden = inspectPdfSignatures(fieldRemoved).signatures;
    expect(hidden).toHaveLength(1);
    expect(hidden[0]).toMatchObject({ inFinalFieldTree: false, coversWholeRevision: true, fieldName: 'Signature1' });
    expect(hidden[0].changesAfter.verdict).toBe('disallowed');
    expect(hidden[0].changesAfter.changes.map((c) => c.reason)).toContain('AcroForm field list: an entry was removed');
  });

  it('allows metadata edits and an identical re-statement of an object', async () => {
    const signed = await seal(minimalPdf({ 6: '<< /Producer (x) >>' }, '/Info 6 0 R'));
    const edited = appendUpdate(signed, (doc, update) => {
      update.put(new PdfRef(6, 0), new PdfDict().set('Producer', new PdfString(Buffer.from('y'))));
      update.put(new PdfRef(4, 0), doc.getObject(4));
    });
    expect(verdictOf(edited)).toEqual({ verdict: 'allowed', changes: [{ object: 6, allowed: true, reason: 'document metadata changed' }] });
  });

  it('flags bytes appended after the signed revision that are not a revision', async () => {
    const signed = await seal(minimalPdf());
    const junk = new Uint8Array(Buffer.concat([signed, Buffer.from('\n1 0 obj << >> endobj\n')]));
    expect(verdictOf(junk).verdict).toBe('disallowed');
    const eolOnly = new Uint8Array(Buffer.concat([signed, Buffer.from('\r\n')]));
    expect(verdictOf(eolOnly).verdict).toBe('none');
  });
});

describe('inspectPdfSignatures: object streams and hostile sizes', () => {
  it('flags members changed by replacing the object stream that holds them', async () => {
    const signed = await seal(fixture('qpdf-object-streams.pdf'));
    const doc = PdfDocument.open(signed);
    const page = doc.getPage(2); // page 1 was rewritten by the seal; page 2 still lives in the stream
    const entry = doc.entry(page.ref.num);
    expect(entry?.type).toBe('compressed');
    const streamNum = (entry as { stream: number }).stream;
    const original = doc.getObject(streamNum) as PdfStream;
    const text = Buffer.from(decodeStream(original, 1 << 20)).toString('latin1');
    expect(text).toContain('/MediaBox');
    // Same length, so the member offsets in the stream header stay valid; no member's xref entry changes.
    const forged = text.replace(/\/MediaBox\s*\[\s*0\s+0\s+595/g, (m) => m.replace('595', '999'));
    expect(forged).not.toBe(text);
    const tampered = appendUpdate(signed, (_doc, update) => {
      const dict = original.dict.clone();
      dict.map.delete('Filter');
      dict.map.delete('DecodeParms');
      update.put(new PdfRef(streamNum, 0), { dict, data: Buffer.from(forged, 'latin1') });
    });
    const result = verdictOf(tampered);
    expect(result.verdict).toBe('disallowed');
    expect(result.changes).toContainEqual({ object: page.ref.num, page: 2, allowed: false, reason: 'page dictionary changed: MediaBox' });
  });

  // A walk quadratic in the annotations runs far past the test's timeout, which is what catches it.
  it('stays linear on a page with 50,000 annotations', async () => {
    const annots = Array.from({ length: 50_000 }, () => '5 0 R').join(' ');
    const pdf = minimalPdf({
      3: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots 6 0 R >>`,
      5: '<< /Type /Annot /Subtype /Square /Rect [0 0 1 1] >>',
      6: `[${annots}]`,
    });
    const twice = await seal(await seal(pdf), 1, 80);
    expect(inspectPdfSignatures(twice).signatures.map((s) => s.changesAfter.verdict)).toEqual(['allowed', 'none']);
  });
});

describe('inspectPdfSignatures: byte range coverage', () => {
  it('reports a /ByteRange that stops short of the revision end', async () => {
    const signed = Buffer.from(await seal(minimalPdf()));
    const text = signed.toString('latin1');
    const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/.exec(text)!;
    const shorter = `[${m[1]} ${m[2]} ${m[3]} ${Number(m[4]) - 10}]`.padEnd(m[0].length - '/ByteRange '.length);
    const forged = Buffer.from(text.replace(m[0], `/ByteRange ${shorter}`), 'latin1');
    const info = inspectPdfSignatures(forged).signatures[0];
    expect(info.coversWholeRevision).toBe(false);
    expect(info.coverageProblems).toContain('/ByteRange does not end at a revision end (%%EOF)');
    expect(info.changesAfter.verdict).toBe('disallowed');
  });

  it('reports a gap that is not exactly the /Contents string', async () => {
    const signed = Buffer.from(await seal(minimalPdf()));
    const text = signed.toString('latin1');
    const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/.exec(text)!;
    const wider = `[0 ${Number(m[2]) - 2} ${m[3]} ${m[4]}]`.padEnd(m[0].length - '/ByteRange '.length);
    const info = inspectPdfSignatures(Buffer.from(text.replace(m[0], `/ByteRange ${wider}`), 'latin1')).signatures[0];
    expect(info.coverageProblems).toContain('the unsigned gap is not exactly the /Contents hex string');
  });

  it('does not pass off a copy of a signature dictionary, added after signing, as covering its revision', async () => {
    const signed = await seal(minimalPdf());
    const original = inspectPdfSignatures(signed).signatures[0];
    // The copy keeps /ByteRange and /Contents (so the gap and the crypto still match) but says
    // something else, on a field and widget of its own that the signature never covered.
    const spoofed = appendUpdate(signed, (doc, update) => {
      const sig = doc.resolveDict(new PdfRef(original.signatureObject!, 0))!;
      const copyRef = update.allocate();
      update.put(copyRef, sig.clone().set('Reason', new PdfString(Buffer.from('Approved for payment'))));
      const page = doc.getPage(1);
      const widget = update.allocate();
      update.put(
        widget,
        new PdfDict()
          .set('Type', new PdfName('Annot'))
          .set('Subtype', new PdfName('Widget'))
          .set('FT', new PdfName('Sig'))
          .set('T', new PdfString(Buffer.from('Copy')))
          .set('V', copyRef)
          .set('Rect', [300, 300, 380, 380])
          .set('P', page.ref),
      );
      appendAnnotations(doc, update, page, [widget]);
      addFieldToAcroForm(doc, update, widget);
    });
    const copy = inspectPdfSignatures(spoofed).signatures.find((s) => s.fieldName === 'Copy')!;
    expect(copy.reason).toBe('Approved for payment');
    expect(copy.coversWholeRevision).toBe(false);
    expect(copy.coverageProblems).toContain('the signature dictionary is not part of the revision it signs');
    const genuine = inspectPdfSignatures(spoofed).signatures.find((s) => s.fieldName !== 'Copy')!;
    expect(genuine.coversWholeRevision).toBe(true);
    // The copy's widget belongs to no signature that covers it: an unsigned overlay for the genuine one.
    expect(genuine.changesAfter.verdict).toBe('disallowed');
  });

  it('trims /Contents by DER length, and keeps non-DER contents minus zero padding', async () => {
    const der = await signPdf(
      minimalPdf(),
      { page: 1, position: { xMm: 1, yMm: 1 }, imprint: { png: sealImprint(20), widthMm: 10, heightMm: 10 }, signingTime: SIGNING_TIME },
      async () => fakeDer(300, 0),
    );
    const info = inspectPdfSignatures(der.pdf).signatures[0];
    expect(info.contentsIsDer).toBe(true);
    expect(info.contents.length).toBe(300); // trailing zero bytes inside the DER value are kept
    const raw = await signPdf(
      minimalPdf(),
      { page: 1, position: { xMm: 1, yMm: 1 }, imprint: { png: sealImprint(20), widthMm: 10, heightMm: 10 }, signingTime: SIGNING_TIME },
      async () => Buffer.from([1, 2, 3]),
    );
    const rawInfo = inspectPdfSignatures(raw.pdf).signatures[0];
    expect(rawInfo.contentsIsDer).toBe(false);
    expect([...rawInfo.contents]).toEqual([1, 2, 3]);
  });

  it('returns no signatures for an unsigned file and rejects an encrypted one', async () => {
    expect(inspectPdfSignatures(minimalPdf()).signatures).toEqual([]);
    await expectSealError(() => inspectPdfSignatures(minimalPdf({ 5: '<< >>' }, '/Encrypt 5 0 R')), 'PDF_ENCRYPTED');
  });
});

describe('inspectPdfSignatures: the gap must spell /Contents exactly', () => {
  /**
   * A one-revision file whose /Contents is an indirect string (object 9) and whose /ByteRange leaves
   * out object 8's value: the gap is a different token from the one /Contents was read from.
   */
  const gapFile = (gap: string, contents = '<3082000300aa00>') => {
    const objects = {
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>',
      2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [6 0 R] >>',
      6: '<< /Type /Annot /Subtype /Widget /FT /Sig /T (S) /V 7 0 R /Rect [0 0 10 10] /P 3 0 R >>',
      7: `<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents 9 0 R >>`,
      8: gap,
      9: contents,
    };
    const text = Buffer.from(handmadePdf(objects, '/Root 1 0 R')).toString('latin1');
    const start = text.indexOf('8 0 obj\n') + '8 0 obj\n'.length;
    const end = start + gap.length;
    return new Uint8Array(Buffer.from(text.replace(BYTE_RANGE_PLACEHOLDER, formatByteRange([0, start, end, text.length - end])), 'latin1'));
  };
  const problemsOf = (pdf: Uint8Array) => inspectPdfSignatures(pdf).signatures[0].coverageProblems;
  const GAP_PROBLEM = 'the unsigned gap is not exactly the /Contents hex string';

  it('accepts a gap that spells the same bytes as the /Contents token, in either case or spacing of that token', () => {
    expect(problemsOf(gapFile('<3082000300aa00>'))).toEqual([]);
    expect(problemsOf(gapFile('<3082000300AA00>'))).toEqual([]);
    expect(problemsOf(gapFile('<3082000300aa00>', '<30 82 00 03 00 AA 00>'))).toEqual([]);
  });

  it('rejects whitespace, odd digits, non-hex characters, different bytes and different lengths in the gap', () => {
    for (const gap of [
      '<3082000300 aa00>',
      '<3082000300aa0\n>',
      '<3082000300aa0>',
      '<3082000300aa0g>',
      '<3082000300ab00>',
      '<3082000300aa0000>',
      '<3082000300aa>',
      '(3082000300aa00)',
      '<3082000300aa00 ',
    ]) {
      expect({ gap, problems: problemsOf(gapFile(gap)) }).toEqual({ gap, problems: [GAP_PROBLEM] });
    }
  });

  it('reads a signature the same whether its revision ends at the end of the file or is followed by more', async () => {
    const signed = await seal(minimalPdf());
    const followed = new Uint8Array(Buffer.concat([signed, Buffer.from('\r\n')]));
    const last = inspectPdfSignatures(signed).signatures[0];
    const notLast = inspectPdfSignatures(followed).signatures[0];
    expect(last).toMatchObject({ coversWholeRevision: true, changesAfter: { verdict: 'none', changes: [] } });
    expect(notLast).toEqual(last);
    const twice = inspectPdfSignatures(await seal(signed, 1, 80)).signatures;
    expect(twice.map((s) => [s.revision, s.coversWholeRevision, s.changesAfter.verdict])).toEqual([
      [2, true, 'allowed'],
      [3, true, 'none'],
    ]);
  });

  /*
   * The fast path trusts the parser's record of where a plain /Contents token lies: it is only sound
   * when that token is the gap exactly (same start, same end) and lies in the file's own bytes.
   */
  const HEX = '3082000300aa00';
  const SIG_OBJECTS = {
    1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>',
    2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [6 0 R] >>',
    6: '<< /Type /Annot /Subtype /Widget /FT /Sig /T (S) /V 7 0 R /Rect [0 0 10 10] /P 3 0 R >>',
  };
  const withByteRange = (text: string, range: ByteRange) =>
    new Uint8Array(Buffer.from(text.replace(BYTE_RANGE_PLACEHOLDER, formatByteRange(range)), 'latin1'));

  /** /Contents is direct, read from the very token the gap starts at; the gap runs `extra` bytes past its ">". */
  const overlongGapFile = (extra: number, reason = 'Approved') => {
    const text = Buffer.from(
      handmadePdf(
        {
          ...SIG_OBJECTS,
          7: `<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents <${HEX}> /Reason (${reason}) >>`,
        },
        '/Root 1 0 R',
      ),
    ).toString('latin1');
    const start = text.indexOf(`<${HEX}>`);
    const end = start + HEX.length + 2 + extra;
    return withByteRange(text, [0, start, end, text.length - end]);
  };

  it('rejects a gap that starts at the /Contents token it was read from but runs past its end', () => {
    expect(problemsOf(overlongGapFile(0))).toEqual([]);
    const reasonEntry = ' /Reason (Approved)'.length;
    for (const extra of [1, 2, 5, reasonEntry]) {
      expect({ extra, problems: problemsOf(overlongGapFile(extra)) }).toEqual({ extra, problems: [GAP_PROBLEM] });
    }
    // Why it matters: bytes in the gap are unsigned, so a /Reason inside it could be rewritten at will.
    const approved = overlongGapFile(reasonEntry, 'Approved');
    const rejected = overlongGapFile(reasonEntry, 'Rejected');
    const [a, b] = [approved, rejected].map((pdf) => inspectPdfSignatures(pdf).signatures[0]);
    expect([a.reason, b.reason]).toEqual(['Approved', 'Rejected']);
    expect(sm3ByteRange(rejected, b.byteRange!)).toEqual(sm3ByteRange(approved, a.byteRange!));
  });

  /**
   * The signature dictionary (object 7) is a member of a Flate object stream, so its /Contents is read
   * from the decoded data: a buffer of its own. The stream's /First is chosen so that the token's offset
   * in that buffer is the offset of `gap` (object 8, a plain object) in the file, and the /ByteRange
   * leaves out `gap` (moved by `shift` at either end). The file's length depends on the compressed
   * stream, which holds the /ByteRange that names the length: built until the length is stable.
   */
  const objStmGapFile = (gap: string, shift: [number, number] = [0, 0]) => {
    let head = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
    const offsets = new Map<number, number>();
    for (const [num, text] of Object.entries({ ...SIG_OBJECTS, 8: gap })) {
      offsets.set(Number(num), head.length);
      head += `${num} 0 obj\n${text}\nendobj\n`;
    }
    const gapAt = offsets.get(8)! + '8 0 obj\n'.length;
    const member = `<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents <${HEX}> >>`;
    const first = gapAt - member.indexOf(`<${HEX}>`);
    const start = gapAt + shift[0];
    const end = gapAt + gap.length + shift[1];
    let length = 0;
    for (let attempt = 0; attempt < 10; attempt++) {
      const data = deflateSync(
        Buffer.from('7 0'.padEnd(first) + member.replace(BYTE_RANGE_PLACEHOLDER, formatByteRange([0, start, end, length - end])), 'latin1'),
      );
      const objStmAt = head.length;
      const objStm = Buffer.concat([
        Buffer.from(`5 0 obj\n<< /Type /ObjStm /N 1 /First ${first} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`, 'latin1'),
        data,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ]);
      const xrefAt = objStmAt + objStm.length;
      const row = (type: number, field2: number, field3: number) => [
        type,
        field2 >>> 24,
        (field2 >> 16) & 0xff,
        (field2 >> 8) & 0xff,
        field2 & 0xff,
        field3 >> 8,
        field3 & 0xff,
      ];
      const at = (num: number) => row(1, offsets.get(num)!, 0);
      const rows = Buffer.from(
        [
          row(0, 0, 65535),
          at(1),
          at(2),
          at(3),
          row(0, 0, 0),
          row(1, objStmAt, 0),
          at(6),
          row(2, 5, 0),
          at(8),
          row(0, 0, 0),
          row(1, xrefAt, 0),
        ].flat(),
      );
      const pdf = Buffer.concat([
        Buffer.from(head, 'latin1'),
        objStm,
        Buffer.from(`10 0 obj\n<< /Type /XRef /Size 11 /W [1 4 2] /Root 1 0 R /Length ${rows.length} >>\nstream\n`, 'latin1'),
        rows,
        Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'),
      ]);
      if (pdf.length === length) return { pdf: new Uint8Array(pdf), gapAt };
      length = pdf.length;
    }
    throw new Error('the object stream file did not settle');
  };

  it('rejects a /Contents read from a decoded object stream at the same offset as the gap in the file', () => {
    const same = objStmGapFile(`<${HEX}>`);
    expect(problemsOf(same.pdf)).toEqual([]); // a gap that spells the value is fine, wherever the value was read
    // The setup reaches the fast path's test: the token lies at the gap's numbers, in another buffer.
    const token = plainHexToken(PdfDocument.open(same.pdf).resolveDict(new PdfRef(7, 0))!.get('Contents') as PdfString)!;
    expect(token).toBeDefined();
    expect(token.buffer).not.toBe(same.pdf.buffer);
    expect([token.start, token.end]).toEqual([same.pdf.byteOffset + same.gapAt, same.pdf.byteOffset + same.gapAt + HEX.length + 2]);
    for (const gap of ['<3082000300bb00>', '<00000000000000>', `(${'x'.repeat(HEX.length)})`, ' '.repeat(HEX.length + 2)]) {
      const { pdf } = objStmGapFile(gap);
      expect(PdfDocument.open(pdf).resolveDict(new PdfRef(7, 0))!.get('Contents')).toEqual(new PdfString(Buffer.from(HEX, 'hex'), true));
      expect({ gap, problems: problemsOf(pdf) }).toEqual({ gap, problems: [GAP_PROBLEM] });
    }
  });

  /** The slow path's rule, written independently: "<", two hex digits per byte of `expected`, ">". */
  const spells = (pdf: Uint8Array, start: number, end: number, expected: Uint8Array) => {
    const gap = Buffer.from(pdf.subarray(start, end)).toString('latin1');
    return /^<(?:[0-9A-Fa-f]{2})*>$/.test(gap) && Buffer.from(gap.slice(1, -1), 'hex').equals(Buffer.from(expected));
  };

  it('gives the verdict of spelling the gap out, whichever path it takes (mutated byte ranges)', async () => {
    const contentsOf = (pdf: Uint8Array) => (PdfDocument.open(pdf).resolveDict(new PdfRef(7, 0))!.get('Contents') as PdfString).bytes;
    const cases: { pdf: Uint8Array; range: ByteRange; contents: Uint8Array }[] = [];
    // A real seal: /Contents is read from the gap's own token; moving either end of the gap.
    const sealed = Buffer.from(await seal(minimalPdf())).toString('latin1');
    const original = inspectPdfSignatures(Buffer.from(sealed, 'latin1')).signatures[0].byteRange!;
    const rangeAt = sealed.indexOf('/ByteRange ') + '/ByteRange '.length;
    const sealedContents = Buffer.from(sealed.slice(original[1] + 1, original[2] - 1), 'hex');
    for (let ds = -3; ds <= 3; ds++) {
      for (let de = -3; de <= 3; de++) {
        const range: ByteRange = [0, original[1] + ds, original[2] + de, sealed.length - original[2] - de];
        const text = sealed.slice(0, rangeAt) + formatByteRange(range) + sealed.slice(rangeAt + BYTE_RANGE_PLACEHOLDER.length);
        cases.push({ pdf: new Uint8Array(Buffer.from(text, 'latin1')), range, contents: sealedContents });
      }
    }
    // /Contents read from a decoded object stream, at the gap's offset: whatever the gap holds.
    for (const gap of [`<${HEX}>`, `<${HEX.toUpperCase()}>`, '<3082000300bb00>', `(${'x'.repeat(HEX.length)})`]) {
      for (let ds = -1; ds <= 1; ds++) {
        for (let de = -1; de <= 1; de++) {
          const { pdf, gapAt } = objStmGapFile(gap, [ds, de]);
          cases.push({
            pdf,
            range: [0, gapAt + ds, gapAt + gap.length + de, pdf.length - gapAt - gap.length - de],
            contents: contentsOf(pdf),
          });
        }
      }
    }
    let accepted = 0;
    for (const { pdf, range, contents } of cases) {
      const info = inspectPdfSignatures(pdf).signatures[0];
      expect(info.byteRange).toEqual(range);
      const expected = spells(pdf, range[1], range[2], contents);
      if (expected) accepted++;
      expect({ range, gapRejected: info.coverageProblems.includes(GAP_PROBLEM) }).toEqual({ range, gapRejected: !expected });
    }
    expect(accepted).toBe(3); // the untouched seal, and the object stream file whose gap spells the value (either case)
  });
});
