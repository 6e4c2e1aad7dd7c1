/**
 * Tampering inside a compressed stream of the signed range: the altered Flate data no longer
 * inflates, so the file cannot be read as a whole. That is the attack showing, not unreadable
 * input: the verdict is INVALID with the data-hash check failing and `modified: true`, and a file
 * readable up to its last good revision is reported signature by signature.
 */
import { verifyPdf } from '@eseal/core';
import { pdfLibDocument } from '../../core/src/pdf/__tests__/helpers';
import { T, world } from '../../core/src/seal/__tests__/fixtures';
import { MemoryLedger, sealPdf, testSeal } from '../../core/src/verify/__tests__/signed-pdf';

const w = world();
const statusOf = (report: Awaited<ReturnType<typeof verifyPdf>>, index: number, id: string) =>
  report.signatures[index]?.checks.find((c) => c.id === id)?.status;

/** Flips a byte a few bytes into the data of the `nth` stream whose dictionary says `marker`, at or after `from`. */
function flipInsideStream(pdf: Uint8Array, marker: string, from = 0): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const at = text.indexOf(marker, from);
  expect(at).toBeGreaterThanOrEqual(0);
  const data = text.indexOf('stream', at) + 'stream\n'.length;
  const out = Uint8Array.from(pdf);
  out[data + 5] ^= 0x55;
  return out;
}

describe('tampering inside a compressed stream of the signed range', () => {
  it('reports an altered object stream as INVALID, data hash failing, modified', async () => {
    const seal = await testSeal(w, '12010000009301');
    const signed = await sealPdf(await pdfLibDocument(1, true), seal, T.signing);
    const tampered = flipInsideStream(signed.pdf, '/Type /ObjStm');

    const report = await verifyPdf(tampered, { trust: w.trust });
    expect(report).toMatchObject({ verdict: 'INVALID', valid: false, modified: true });
    expect(report.unreadable).toMatch(/cannot be read/);
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0].checks.find((c) => c.id === 'signature.data-hash')).toMatchObject({
      status: 'fail',
      code: 'DATA_HASH_MISMATCH',
    });
    expect(statusOf(report, 0, 'signature.value')).toBe('pass'); // the signature itself is genuine: the bytes changed
  });

  it('reports an altered page content stream (still readable) as modified as well', async () => {
    const seal = await testSeal(w, '12010000009302');
    const signed = await sealPdf(await pdfLibDocument(1, false), seal, T.signing);
    const tampered = flipInsideStream(signed.pdf, '/FlateDecode');
    const report = await verifyPdf(tampered, { trust: w.trust });
    expect(report).toMatchObject({ verdict: 'INVALID', modified: true });
    expect(report.problems).toContain('DATA_HASH_MISMATCH');
  });

  // The altered bytes sit in the last revision's cross-reference stream: repair on read rebuilds the
  // object table by scanning, so every revision is read and judged; the damage is named as a repair.
  it("reports each revision when the last revision's cross-reference data is broken", async () => {
    const first = await testSeal(w, '12010000009303');
    const second = await testSeal(w, '12010000009304', w.issue('Second signer', 0x9304n));
    const ledger = new MemoryLedger()
      .activate(first.esID, T.sealStart, T.sealStart, T.sealEnd)
      .activate(second.esID, T.sealStart, T.sealStart, T.sealEnd);
    const one = await sealPdf(await pdfLibDocument(1, true), first, T.signing);
    const two = await sealPdf(one.pdf, second, new Date(T.signing.getTime() + 1000), { xMm: 80 });
    // The second signature's revision ends with its own compressed cross-reference stream.
    const tampered = flipInsideStream(two.pdf, '/Type /XRef', one.pdf.length);

    const report = await verifyPdf(tampered, { trust: w.trust, ledger, now: new Date(T.signing.getTime() + 60_000) });
    expect(report).toMatchObject({ verdict: 'INVALID', modified: true });
    expect(report.repaired).toEqual([expect.stringMatching(/cross-reference data rebuilt by scanning the file \(corrupt Flate stream\)/)]);
    expect(report.signatures.map((s) => s.esID)).toEqual([first.esID, second.esID]);
    // The first signature's own bytes are intact; what followed it cannot be read, so it was modified.
    expect(statusOf(report, 0, 'signature.data-hash')).toBe('pass');
    expect(statusOf(report, 0, 'signature.value')).toBe('pass');
    expect(report.signatures[0].checks.find((c) => c.id === 'pdf.changes-after')).toMatchObject({
      status: 'fail',
      code: 'DOCUMENT_MODIFIED',
    });
    // The second signature covers the altered stream.
    expect(report.signatures[1].checks.find((c) => c.id === 'signature.data-hash')).toMatchObject({
      status: 'fail',
      code: 'DATA_HASH_MISMATCH',
    });
  });

  it('still calls a damaged file with no signature in it unreadable', async () => {
    const plain = flipInsideStream(await pdfLibDocument(1, true), '/Type /ObjStm');
    await expect(verifyPdf(plain, { trust: w.trust })).rejects.toMatchObject({ code: 'PDF_MALFORMED' });
  });
});
