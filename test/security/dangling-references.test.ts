/**
 * Dangling references: the preparer leaves a reference in the page that points at no object (here
 * a form XObject: a viewer draws nothing for it), the signer signs what they see, and a later
 * update defines that object number so the page shows something else. Every way of defining the number must be a
 * modification, including the cross-reference stream that closes the update: it is a stream like
 * any other, and a viewer draws its decoded data when the page paints it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPdf } from '@eseal/core';
import { minimalPdf } from '../../core/src/pdf/__tests__/helpers';
import { PdfDocument } from '../../core/src/pdf/document';
import { T, world } from '../../core/src/seal/__tests__/fixtures';
import { MemoryLedger, sealPdf, testSeal } from '../../core/src/verify/__tests__/signed-pdf';

const w = world();
/** Never defined in the signed file, and above every number the signing update allocates. */
const DANGLING = 60;
/** Keys that make a stream a form XObject (a cross-reference stream may carry them too). */
const FORM = '/Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>';
const OVERLAY = 'q 1 g 60 700 300 40 re f Q BT /F1 14 Tf 72 712 Td (Amount: 900000) Tj ET';

/** What the signer sees: "Amount: 100", then a form XObject drawn from a reference that points nowhere. */
function preparedWithDanglingContent(): Uint8Array {
  const content = 'BT /F1 14 Tf 72 712 Td (Amount: 100) Tj ET /Fm1 Do';
  return minimalPdf({
    3: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 ${DANGLING} 0 R >> >> >>`,
    4: `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    5: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  });
}

/**
 * Appends an update whose only object is its own cross-reference stream, numbered `num`. The stream
 * data is the one xref row (type 1, 4-byte offset, behind a comment so a content parser skips it)
 * followed by `content`. A free row for object 0 whose last byte is "%" starts that comment.
 */
function appendXrefStreamUpdate(pdf: Uint8Array, num: number, content: string): Uint8Array {
  const doc = PdfDocument.open(pdf);
  let base = Buffer.from(pdf);
  if (base[base.length - 1] !== 0x0a) base = Buffer.concat([base, Buffer.from('\n')]);
  // Pad so that no byte of the offset ends the comment early (no CR or LF inside it).
  for (;;) {
    const offset = base.length;
    const bytes = [offset >>> 24, (offset >>> 16) & 0xff, (offset >>> 8) & 0xff, offset & 0xff];
    if (!bytes.some((b) => b === 0x0a || b === 0x0d)) break;
    base = Buffer.concat([base, Buffer.from(' ')]);
  }
  const offset = base.length;
  // /W [1 4 1]: [0][20 20 20 20]["%"] frees object 0, then [1][offset][0] points at this stream.
  const rows = Buffer.from([0x00, 0x20, 0x20, 0x20, 0x20, 0x25, 0x01, 0, 0, 0, 0, 0x00]);
  rows.writeUInt32BE(offset, 7);
  const data = Buffer.concat([rows, Buffer.from(`\n${content}\n`, 'latin1')]);
  const dict = `<< /Type /XRef /Size ${Math.max(doc.size, num + 1)} /Root 1 0 R /Prev ${doc.chain.startxref} /W [1 4 1] /Index [0 1 ${num} 1] ${FORM} /Length ${data.length} >>`;
  const body = Buffer.concat([
    Buffer.from(`${num} 0 obj\n${dict}\nstream\n`, 'latin1'),
    data,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${offset}\n%%EOF\n`, 'latin1'),
  ]);
  return new Uint8Array(Buffer.concat([base, body]));
}

/**
 * Appends an update whose xref lists nothing but object 0, after an object `num` that no xref lists:
 * a reader that rebuilds the xref by scanning (poppler does when a needed object is missing) finds it.
 */
function appendUnlistedObject(pdf: Uint8Array, num: number, content: string): Uint8Array {
  const doc = PdfDocument.open(pdf);
  let base = Buffer.from(pdf);
  if (base[base.length - 1] !== 0x0a) base = Buffer.concat([base, Buffer.from('\n')]);
  const object = `${num} 0 obj\n<< ${FORM} /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`;
  const xrefAt = base.length + object.length;
  const section = `xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size ${doc.size} /Root 1 0 R /Prev ${doc.chain.startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([base, Buffer.from(object + section, 'latin1')]));
}

function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-dangling-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const result = spawnSync('pdftotext', [join(dir, 'in.pdf'), '-'], { encoding: 'latin1' });
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a reference that dangled when signed, defined afterwards', () => {
  const verify = async (pdf: Uint8Array, esID: string) => {
    const ledger = new MemoryLedger().activate(esID, T.sealStart, T.sealStart, T.sealEnd);
    return verifyPdf(pdf, { trust: w.trust, ledger, now: new Date(T.signing.getTime() + 3600_000) });
  };

  it('the signed form verifies VALID and shows only the signed amount (the control)', async () => {
    const seal = await testSeal(w, '12010000009501');
    const signed = await sealPdf(preparedWithDanglingContent(), seal, T.signing);
    expect(signed.signatureObject).toBeLessThan(DANGLING);
    expect(await verify(signed.pdf, seal.esID)).toMatchObject({ verdict: 'VALID', modified: false });
    expect(pdfText(signed.pdf)).toMatch(/Amount: 100/);
    expect(pdfText(signed.pdf)).not.toMatch(/900000/);
  });

  it("catches the dangling number defined by the update's own cross-reference stream", async () => {
    const seal = await testSeal(w, '12010000009502');
    const signed = await sealPdf(preparedWithDanglingContent(), seal, T.signing);
    const tampered = appendXrefStreamUpdate(signed.pdf, DANGLING, OVERLAY);
    // An independent reader reads the update and draws the stream's data as the page's content.
    expect(pdfText(tampered)).toMatch(/Amount: 900000/);

    const report = await verify(tampered, seal.esID);
    expect(report).toMatchObject({ verdict: 'INVALID', valid: false, modified: true });
    expect(report.signatures[0].checks.find((c) => c.id === 'pdf.changes-after')).toMatchObject({
      status: 'fail',
      code: 'DOCUMENT_MODIFIED',
    });
    expect(report.signatures[0].changesAfter.changes).toContainEqual(expect.objectContaining({ object: DANGLING, allowed: false }));
  });

  it('catches the dangling number defined by an object that no xref lists', async () => {
    const seal = await testSeal(w, '12010000009503');
    const signed = await sealPdf(preparedWithDanglingContent(), seal, T.signing);
    const tampered = appendUnlistedObject(signed.pdf, DANGLING, OVERLAY);
    // poppler misses the object, rebuilds the xref by scanning the file and draws what it finds.
    expect(pdfText(tampered)).toMatch(/Amount: 900000/);

    const report = await verify(tampered, seal.esID);
    expect(report).toMatchObject({ verdict: 'INVALID', valid: false, modified: true });
    expect(report.signatures[0].changesAfter.changes).toContainEqual(expect.objectContaining({ object: DANGLING, allowed: false }));
  });

  it('catches an unlisted later copy of a signed object (the copy a reader rebuilding its xref takes)', async () => {
    const seal = await testSeal(w, '12010000009504');
    const signed = await sealPdf(preparedWithDanglingContent(), seal, T.signing);
    const tampered = appendUnlistedObject(signed.pdf, 4, 'BT /F1 14 Tf 72 712 Td (Amount: 900000) Tj ET');
    const report = await verify(tampered, seal.esID);
    expect(report).toMatchObject({ verdict: 'INVALID', valid: false, modified: true });
    expect(report.signatures[0].changesAfter.changes).toContainEqual(expect.objectContaining({ object: 4, allowed: false }));
  });
});
