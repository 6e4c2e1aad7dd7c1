/**
 * Actions on a later signature's widget: a later valid signer may draw anything inside its own
 * widget (SECURITY.md), but a widget that carries actions (/A, /AA: JavaScript when the page opens,
 * a /Hide of the earlier seal's widget, a field value rewritten) acts on the whole document, not on
 * its rectangle. Its own field with such actions is a modification of what earlier signers signed.
 */
import { verifyPdf } from '@eseal/core';
import { LocalSm2Signer } from '../../core/src/crypto/signer';
import { formatByteRange, sm3ByteRange } from '../../core/src/pdf/byte-range';
import { PdfDocument } from '../../core/src/pdf/document';
import { addFieldToAcroForm, appendAnnotations } from '../../core/src/pdf/form-update';
import { IncrementalUpdate } from '../../core/src/pdf/incremental';
import { PdfDict, PdfName, PdfRef, PdfString } from '../../core/src/pdf/objects';
import { locatePlaceholders, signatureDictionaryText } from '../../core/src/pdf/signature-dictionary';
import { minimalPdf } from '../../core/src/pdf/__tests__/helpers';
import { makeSesSignature } from '../../core/src/seal';
import { T, world } from '../../core/src/seal/__tests__/fixtures';
import { MemoryLedger, sealPdf, testSeal, type TestSeal } from '../../core/src/verify/__tests__/signed-pdf';
import { pdfPropertyInfo } from '../../core/src/verify/property-info';

const w = world();
const name = (n: string) => new PdfName(n);
const text = (s: string) => new PdfString(Buffer.from(s, 'latin1'));

/**
 * A genuine later signature in one update of its own, as another signing tool could write it, whose
 * merged field and widget carries `actions` (its /AA entries) when given.
 */
async function signWithWidgetActions(pdf: Uint8Array, seal: TestSeal, at: Date, actions?: PdfDict): Promise<Uint8Array> {
  const doc = PdfDocument.open(pdf);
  const update = new IncrementalUpdate(doc);
  const page = doc.getPage(1);
  const sig = update.allocate();
  const widget = update.allocate();
  const dict = new PdfDict()
    .set('Type', name('Annot'))
    .set('Subtype', name('Widget'))
    .set('FT', name('Sig'))
    .set('T', text('Approval'))
    .set('V', sig)
    .set('Rect', [400, 100, 480, 180])
    .set('P', page.ref)
    .set('F', 132);
  update.put(widget, actions ? dict.set('AA', actions) : dict);
  appendAnnotations(doc, update, page, [widget]);
  addFieldToAcroForm(doc, update, widget);
  update.putRaw(sig, signatureDictionaryText({ signingTime: at }, 8192));
  const out = Buffer.concat([Buffer.from(pdf), update.encode().bytes]);
  const { byteRange, contentsAt } = locatePlaceholders(out, pdf.length, sig.num);
  out.write(formatByteRange(byteRange), contentsAt.byteRangeAt, 'latin1');
  const container = await makeSesSignature({
    eseal: seal.der,
    timeInfo: at,
    dataHash: sm3ByteRange(out, byteRange),
    propertyInfo: pdfPropertyInfo(byteRange),
    signerCert: seal.holder.cert,
    signer: new LocalSm2Signer(seal.holder.key),
  });
  out.write(Buffer.from(container).toString('hex'), contentsAt.hexAt, 'latin1');
  return new Uint8Array(out);
}

describe('a later signature whose own widget carries actions', () => {
  let first: TestSeal;
  let second: TestSeal;
  let ledger: MemoryLedger;
  let signedOnce: Uint8Array;
  let firstWidget: number;
  const at2 = new Date(T.signing.getTime() + 60_000);
  const verify = (pdf: Uint8Array) => verifyPdf(pdf, { trust: w.trust, ledger, now: new Date(T.signing.getTime() + 3600_000) });

  beforeAll(async () => {
    first = await testSeal(w, '12010000009801');
    second = await testSeal(w, '12010000009802', w.issue('Second signer', 0x9802n));
    ledger = new MemoryLedger()
      .activate(first.esID, T.sealStart, T.sealStart, T.sealEnd)
      .activate(second.esID, T.sealStart, T.sealStart, T.sealEnd);
    const signed = await sealPdf(minimalPdf(), first, T.signing);
    signedOnce = signed.pdf;
    firstWidget = (PdfDocument.open(signedOnce).getPage(1).dict.get('Annots') as PdfRef[])[0]!.num;
  });

  it('a later signature written the same way without actions leaves the first VALID (the control)', async () => {
    const cosigned = await signWithWidgetActions(signedOnce, second, at2);
    const report = await verify(cosigned);
    expect(report.signatures.map((s) => s.verdict)).toEqual(['VALID', 'VALID']);
    expect(report).toMatchObject({ verdict: 'VALID', modified: false });
  });

  it("catches a page-open action that hides the first seal's widget", async () => {
    const hide = new PdfDict().set('S', name('Hide')).set('T', new PdfRef(firstWidget, 0));
    const cosigned = await signWithWidgetActions(signedOnce, second, at2, new PdfDict().set('PO', hide).set('PV', hide));
    const report = await verify(cosigned);
    expect(report).toMatchObject({ verdict: 'INVALID', modified: true });
    expect(report.signatures[0].checks.find((c) => c.id === 'pdf.changes-after')).toMatchObject({
      status: 'fail',
      code: 'DOCUMENT_MODIFIED',
    });
    expect(report.signatures[0].changesAfter.changes).toContainEqual(
      expect.objectContaining({ allowed: false, reason: expect.stringMatching(/actions/) }),
    );
  });

  it('catches JavaScript run when the page opens', async () => {
    const js = new PdfDict().set('S', name('JavaScript')).set('JS', text('this.getField("Amount").value = "900000";'));
    const report = await verify(await signWithWidgetActions(signedOnce, second, at2, new PdfDict().set('PO', js)));
    expect(report).toMatchObject({ verdict: 'INVALID', modified: true });
  });
});
