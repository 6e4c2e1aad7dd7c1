/**
 * Hybrid-reference updates (a classic xref table with /XRefStm): readers disagree about an entry
 * the table marks free while the hidden stream defines it. poppler takes the table's "free", finds
 * a needed object missing and rebuilds the xref by scanning the file, where the last "N 0 obj" in
 * the bytes wins; qpdf and our reader take the stream's entry. An update that marks a signed page's
 * content stream free in its table, restates the old offset in its /XRefStm and carries an unlisted
 * copy of the object shows the copy in poppler-based viewers while the xref that our reader follows
 * says nothing changed. Such an entry is a modification.
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

/** "Amount: 100" in one content stream (4), a binding clause in another (6). */
function prepared(): Uint8Array {
  const amount = 'BT /F1 14 Tf 72 712 Td (Amount: 100) Tj ET';
  const clause = 'BT /F1 14 Tf 72 680 Td (Payable only after delivery) Tj ET';
  return minimalPdf({
    3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 6 0 R] /Resources << /Font << /F1 5 0 R >> >> >>',
    4: `<< /Length ${amount.length} >>\nstream\n${amount}\nendstream`,
    5: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    6: `<< /Length ${clause.length} >>\nstream\n${clause}\nendstream`,
  });
}

/**
 * Appends a hybrid update: an xref stream (not in the /Prev chain, reached through /XRefStm) that
 * points object `num` at its current offset, and a table that marks `num` free.
 */
function appendHybridFree(pdf: Uint8Array, num: number, replacement: string): Uint8Array {
  const doc = PdfDocument.open(pdf);
  const entry = doc.entry(num);
  if (!entry || entry.type !== 'offset') throw new Error('expected a plain object');
  let out = Buffer.from(pdf);
  if (out[out.length - 1] !== 0x0a) out = Buffer.concat([out, Buffer.from('\n')]);
  const streamNum = Math.max(doc.size, 1);
  // In no xref at all: only a reader that rebuilds the xref by scanning the file finds it.
  out = Buffer.concat([
    out,
    Buffer.from(`${num} 0 obj\n<< /Length ${replacement.length} >>\nstream\n${replacement}\nendstream\nendobj\n`, 'latin1'),
  ]);
  const streamAt = out.length;
  const row = Buffer.alloc(6);
  row.writeUInt8(1, 0);
  row.writeUInt32BE(entry.offset, 1);
  row.writeUInt8(entry.gen, 5);
  const xrefStream = Buffer.concat([
    Buffer.from(
      `${streamNum} 0 obj\n<< /Type /XRef /Size ${streamNum + 1} /W [1 4 1] /Index [${num} 1] /Length ${row.length} >>\nstream\n`,
      'latin1',
    ),
    row,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
  out = Buffer.concat([out, xrefStream]);
  const tableAt = out.length;
  const table = `xref\n${num} 1\n0000000000 00001 f\r\ntrailer\n<< /Size ${streamNum + 1} /Root 1 0 R /Prev ${doc.chain.startxref} /XRefStm ${streamAt} >>\nstartxref\n${tableAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([out, Buffer.from(table, 'latin1')]));
}

function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-hybrid-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const result = spawnSync('pdftotext', [join(dir, 'in.pdf'), '-'], { encoding: 'latin1' });
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a hybrid-reference update that frees an object in its table and keeps it in /XRefStm', () => {
  it('is a modification of the signed page', async () => {
    const seal = await testSeal(w, '12010000009701');
    const ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd);
    const verify = (pdf: Uint8Array) => verifyPdf(pdf, { trust: w.trust, ledger, now: new Date(T.signing.getTime() + 3600_000) });
    const signed = await sealPdf(prepared(), seal, T.signing);
    expect(await verify(signed.pdf)).toMatchObject({ verdict: 'VALID', modified: false });
    expect(pdfText(signed.pdf)).toMatch(/Payable only after delivery/);

    const tampered = appendHybridFree(signed.pdf, 6, 'BT /F1 14 Tf 72 680 Td (Payable in advance) Tj ET');
    // poppler takes the table's "free", finds the object missing, rebuilds the xref by scanning and
    // draws the unlisted copy; qpdf and this verifier's reader take the stream's entry.
    const shown = pdfText(tampered);
    expect(shown).toMatch(/Payable in advance/);
    expect(shown).not.toMatch(/Payable only after delivery/);

    const report = await verify(tampered);
    expect(report).toMatchObject({ verdict: 'INVALID', valid: false, modified: true });
    expect(report.signatures[0].changesAfter.changes).toContainEqual(expect.objectContaining({ object: 6, allowed: false }));
  });
});
