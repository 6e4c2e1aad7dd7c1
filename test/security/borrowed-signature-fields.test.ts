/**
 * Borrowed signature fields: a widget added after a signature is allowed only as a later signer's
 * own field. "Own" cannot mean merely that the field's /V names the later signature dictionary: the
 * preparer of the next round knows which object number the next signing will give its signature
 * dictionary, and can add, after the first signer and before the second, a full-page widget whose
 * /V (or whose parent's /V) is that number. The second signer then signs a document that already
 * carries the overlay; the first signer never saw it. A later signature owns only the field and
 * widgets its own update wrote, together with its signature dictionary.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPdf, type PdfVerificationReport } from '@eseal/core';
import { appendUpdate, minimalPdf } from '../../core/src/pdf/__tests__/helpers';
import { appendAnnotations } from '../../core/src/pdf/form-update';
import { PdfDict, PdfName, PdfRef, PdfString } from '../../core/src/pdf/objects';
import { T, world } from '../../core/src/seal/__tests__/fixtures';
import { MemoryLedger, sealPdf, testSeal, type TestSeal } from '../../core/src/verify/__tests__/signed-pdf';

const w = world();
const name = (n: string) => new PdfName(n);
const text = (s: string) => new PdfString(Buffer.from(s, 'latin1'));

function contract(): Uint8Array {
  const content = 'BT /F1 14 Tf 72 712 Td (Amount: 100) Tj ET';
  return minimalPdf({
    3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    4: `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    5: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  });
}

type Shape = 'merged' | 'kid';

/**
 * The preparer's update between the two signings: an opaque full-page widget painting another
 * amount, claimed for signature dictionary `sigNum`: directly (/FT /Sig /V) or as the kid of a new
 * field whose /V it is. Neither is listed in the AcroForm, so the second signing does not see a field.
 */
function withBorrowedOverlay(pdf: Uint8Array, sigNum: number, shape: Shape): { pdf: Uint8Array; widget: number } {
  let widget = 0;
  const out = appendUpdate(pdf, (doc, update) => {
    const page = doc.getPage(1);
    const paint = update.allocate();
    update.put(paint, {
      dict: new PdfDict()
        .set('Type', name('XObject'))
        .set('Subtype', name('Form'))
        .set('BBox', [0, 0, 595, 842])
        .set('Resources', new PdfDict().set('Font', new PdfDict().set('F1', new PdfRef(5, 0)))),
      data: Buffer.from('1 g 0 0 595 842 re f 0 g BT /F1 14 Tf 72 712 Td (Amount: 900000) Tj ET', 'latin1'),
    });
    const w1 = update.allocate();
    widget = w1.num;
    const dict = new PdfDict()
      .set('Type', name('Annot'))
      .set('Subtype', name('Widget'))
      .set('Rect', [0, 0, 595, 842])
      .set('P', page.ref)
      .set('F', 4)
      .set('AP', new PdfDict().set('N', paint));
    if (shape === 'merged') {
      dict.set('FT', name('Sig')).set('T', text('Approval')).set('V', new PdfRef(sigNum, 0));
    } else {
      const field = update.allocate();
      update.put(field, new PdfDict().set('FT', name('Sig')).set('T', text('Approval')).set('V', new PdfRef(sigNum, 0)).set('Kids', [w1]));
      dict.set('Parent', field);
    }
    update.put(w1, dict);
    appendAnnotations(doc, update, page, [w1]);
  });
  return { pdf: out, widget };
}

function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-borrowed-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const result = spawnSync('pdftotext', [join(dir, 'in.pdf'), '-'], { encoding: 'latin1' });
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a widget claimed for the next signature before it is made', () => {
  let first: TestSeal;
  let second: TestSeal;
  let ledger: MemoryLedger;
  let signedOnce: Uint8Array;
  const at2 = new Date(T.signing.getTime() + 60_000);
  const verify = (pdf: Uint8Array) => verifyPdf(pdf, { trust: w.trust, ledger, now: new Date(T.signing.getTime() + 3600_000) });

  beforeAll(async () => {
    first = await testSeal(w, '12010000009601');
    second = await testSeal(w, '12010000009602', w.issue('Second signer', 0x9602n));
    ledger = new MemoryLedger()
      .activate(first.esID, T.sealStart, T.sealStart, T.sealEnd)
      .activate(second.esID, T.sealStart, T.sealStart, T.sealEnd);
    signedOnce = (await sealPdf(contract(), first, T.signing)).pdf;
  });

  /** The preparer's overlay, then the second signing, with the signature number predicted right. */
  async function cosignedOverBorrowedWidget(shape: Shape): Promise<{ pdf: Uint8Array; widget: number }> {
    const probe = await sealPdf(withBorrowedOverlay(signedOnce, 0, shape).pdf, second, at2, { xMm: 120 });
    const prepared = withBorrowedOverlay(signedOnce, probe.signatureObject, shape);
    const cosigned = await sealPdf(prepared.pdf, second, at2, { xMm: 120 });
    expect(cosigned.signatureObject).toBe(probe.signatureObject);
    return { pdf: cosigned.pdf, widget: prepared.widget };
  }

  function expectFirstModified(report: PdfVerificationReport, widget: number): void {
    expect(report).toMatchObject({ verdict: 'INVALID', valid: false, modified: true });
    const [one, two] = report.signatures;
    expect(one.checks.find((c) => c.id === 'pdf.changes-after')).toMatchObject({ status: 'fail', code: 'DOCUMENT_MODIFIED' });
    expect(one.changesAfter.changes).toContainEqual(expect.objectContaining({ object: widget, allowed: false, page: 1 }));
    // The second signer signed the page with the overlay on it: that signature itself holds.
    expect(two.verdict).toBe('VALID');
  }

  it('a second signature in its own field leaves the first VALID (the control)', async () => {
    const cosigned = await sealPdf(signedOnce, second, at2, { xMm: 120 });
    expect(await verify(cosigned.pdf)).toMatchObject({ verdict: 'VALID', modified: false });
  });

  it('catches a merged field and widget whose /V names the next signature', async () => {
    const { pdf, widget } = await cosignedOverBorrowedWidget('merged');
    expect(pdfText(pdf)).toMatch(/Amount: 900000/);
    expectFirstModified(await verify(pdf), widget);
  });

  it('catches a kid widget of a field whose /V names the next signature', async () => {
    const { pdf, widget } = await cosignedOverBorrowedWidget('kid');
    expect(pdfText(pdf)).toMatch(/Amount: 900000/);
    expectFirstModified(await verify(pdf), widget);
  });
});
