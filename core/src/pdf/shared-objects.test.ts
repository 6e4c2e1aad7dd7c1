import { PdfDocument } from './document';
import { findRevisionMarkers } from './revisions';
import { PdfRef, PdfStream, PdfString } from './objects';
import { SharedObjects } from './shared-objects';
import { minimalPdf } from './__tests__/helpers';

/** Appends a revision holding `objects` (raw text between "n 0 obj" and "endobj") and `extra` bytes before its xref. */
function appendRevision(base: Uint8Array, objects: Record<number, string>, extra = ''): Uint8Array {
  const prev = PdfDocument.open(base).chain.startxref;
  let body = extra;
  const offsets: [number, number][] = [];
  for (const [num, text] of Object.entries(objects)) {
    offsets.push([Number(num), base.length + body.length]);
    body += `${num} 0 obj\n${text}\nendobj\n`;
  }
  const xrefAt = base.length + body.length;
  body += 'xref\n' + offsets.map(([num, at]) => `${num} 1\n${String(at).padStart(10, '0')} 00000 n\r\n`).join('');
  body += `trailer\n<< /Size 10 /Root 1 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([base, Buffer.from(body, 'latin1')]));
}

/** The object as the document over the first `end` bytes reads it, or the code of the error it gives. */
function readObject(pdf: Uint8Array, end: number, num: number, shared?: SharedObjects): unknown {
  try {
    return PdfDocument.open(pdf.subarray(0, end), { shared }).getObject(num);
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

/** Every revision opened over one pool, in either order, reads object `num` as when opened alone. */
function expectSharedReadsAsAlone(pdf: Uint8Array, num: number): unknown[] {
  const ends = findRevisionMarkers(pdf).map((m) => m.eofEndWithEol);
  const alone = ends.map((end) => readObject(pdf, end, num));
  for (const order of [ends, [...ends].reverse()]) {
    const shared = new SharedObjects(pdf);
    const read = new Map(order.map((end) => [end, readObject(pdf, end, num, shared)]));
    expect(ends.map((end) => read.get(end))).toEqual(alone);
  }
  return alone;
}

/** Moves object `num` of a one-revision file to `text`, written between its startxref and its %%EOF. */
function objectInFooter(pdf: Uint8Array, num: number, text: string): Uint8Array {
  const original = Buffer.from(pdf).toString('latin1');
  const entry = (offset: number) => `${String(offset).padStart(10, '0')} 00000 n`;
  const footer = original.lastIndexOf('startxref\n');
  const xrefAt = /startxref\n(\d+)\n/.exec(original.slice(footer))![1];
  const at = footer + `startxref\n${xrefAt}\n`.length;
  const moved = original.slice(0, footer).replace(entry(original.indexOf(`${num} 0 obj`)), entry(at));
  return new Uint8Array(Buffer.from(`${moved}startxref\n${xrefAt}\n${num} 0 obj ${text}`, 'latin1'));
}

const rawText = (value: unknown) => Buffer.from((value as PdfStream).raw).toString('latin1');

describe('SharedObjects', () => {
  it('gives every revision the same object when its bytes are the same', () => {
    const pdf = appendRevision(minimalPdf(), { 5: '<< /Producer (x) >>' });
    const shared = new SharedObjects(pdf);
    const first = PdfDocument.open(pdf.subarray(0, findRevisionMarkers(pdf)[0].eofEndWithEol), { shared });
    const whole = PdfDocument.open(pdf, { shared });
    expect(whole.getObject(3)).toBe(first.getObject(3));
    expect(whole.getObject(5)).not.toBeNull();
  });

  it('is ignored by a document over other bytes or with another depth limit', () => {
    const pdf = minimalPdf();
    const shared = new SharedObjects(pdf);
    const page = PdfDocument.open(pdf, { shared }).getObject(3);
    expect(PdfDocument.open(Uint8Array.from(pdf), { shared }).getObject(3)).not.toBe(page);
    expect(PdfDocument.open(pdf, { shared, limits: { maxDepth: 5 } }).getObject(3)).not.toBe(page);
    expect(PdfDocument.open(pdf, { shared }).getObject(3)).toBe(page);
  });

  it('does not share a stream whose /Length reaches into a later revision', () => {
    // Revision 1 reads the body up to its own "endstream"; the whole file honours /Length, which
    // ends at an "endstream" in revision 2.
    const marker = 'LENGTH';
    const first = minimalPdf({ 5: `<< /Length ${marker} >>\nstream\nabc\nendstream` });
    const firstText = Buffer.from(first).toString('latin1');
    const bodyAt = firstText.indexOf('stream\nabc') + 'stream\n'.length;
    const pdf = appendRevision(first, { 6: '<< >>' }, '% endstream endobj\n');
    const target = Buffer.from(pdf).indexOf('endstream endobj') - bodyAt - 1;
    const patched = new Uint8Array(
      Buffer.from(Buffer.from(pdf).toString('latin1').replace(marker, String(target).padStart(marker.length, '0')), 'latin1'),
    );
    const alone = findRevisionMarkers(patched).map((m) => rawText(PdfDocument.open(patched.subarray(0, m.eofEndWithEol)).getObject(5)));
    expect(alone[0]).toBe('abc');
    expect(alone[1].length).toBe(target);
    expectSharedReadsAsAlone(patched, 5);
  });

  it('does not share a stream whose indirect /Length a later revision redefines', () => {
    const first = minimalPdf({ 4: '<< /Length 5 0 R >>\nstream\nabc\nendstream\nxyz\nendstream', 5: '17' });
    const pdf = appendRevision(first, { 5: '3' });
    const alone = findRevisionMarkers(pdf).map((m) => rawText(PdfDocument.open(pdf.subarray(0, m.eofEndWithEol)).getObject(4)));
    expect(alone).toEqual(['abc\nendstream\nxyz', 'abc']);
    expectSharedReadsAsAlone(pdf, 4);
  });

  it('does not share an object that runs past the end of an earlier revision', () => {
    // Revision 1 alone ends inside the string; the whole file closes it in revision 2.
    const pdf = appendRevision(minimalPdf({ 7: '(runs on' }), { 6: '<< >>' }, ')\nendobj\n');
    const [first, whole] = expectSharedReadsAsAlone(pdf, 7);
    expect(first).toBe('PDF_MALFORMED');
    expect(Buffer.from((whole as PdfString).bytes).toString('latin1')).toMatch(/^runs on/);
  });

  it('does not share an object read without its "endobj", whose value the next revision can extend', () => {
    // "42 0" then the %%EOF comment: revision 1 reads the number 42; the whole file reads on to "R".
    const pdf = appendRevision(objectInFooter(minimalPdf({ 7: '0' }), 7, '42 0 %%EOF\n'), { 6: '<< >>' }, 'R endobj\n');
    expect(expectSharedReadsAsAlone(pdf, 7)).toEqual([42, new PdfRef(42, 0)]);
  });
});
