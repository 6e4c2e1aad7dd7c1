/**
 * Overlays after signing: the signer saw "Amount: 100"; after signing, an incremental update paints
 * something else over it without touching the page content. Each attack is a revision appended to a
 * file signed by the service's signing code; each must make the signature INVALID with
 * `modified: true`, naming the object (and page) that changed. A later valid signature's own field
 * is the only new widget allowed.
 */
import { verifyPdf, type PdfVerificationReport } from '@eseal/core';
import { appendUpdate, minimalPdf } from '../../core/src/pdf/__tests__/helpers';
import { PdfDocument } from '../../core/src/pdf/document';
import { IncrementalUpdate } from '../../core/src/pdf/incremental';
import { PdfDict, PdfName, PdfRef, PdfString } from '../../core/src/pdf/objects';
import { T, world } from '../../core/src/seal/__tests__/fixtures';
import { MemoryLedger, sealPdf, testSeal, type TestSeal } from '../../core/src/verify/__tests__/signed-pdf';
import { appendAnnotations } from '../../core/src/pdf/form-update';
import { as, pdfOf, signBody } from '../signing/support/api';
import { auditor, createSigningWorld, holder, samplePdf, type SigningWorld } from '../signing/support/signing-world';

const w = world();
const name = (n: string) => new PdfName(n);
const text = (s: string) => new PdfString(Buffer.from(s, 'latin1'));
const ref = (n: number) => new PdfRef(n, 0);

/**
 * The form a preparer sends to be signed: page content with an optional-content "VOID" mark, an
 * empty signature field (5) for a later approver, a text field (6) with its appearance (7), a square
 * annotation (8), an indirect /Annots array (9), an AcroForm with /DR and /DA (10), an OCG (11) whose
 * default configuration (12) shows the mark, and a font (13).
 */
function preparedForm(): Uint8Array {
  const content = 'BT /F1 12 Tf 72 712 Td (Amount: 100) Tj ET /OC /oc1 BDC BT /F1 30 Tf 300 600 Td (VOID) Tj ET EMC';
  const ap = 'BT /Helv 12 Tf 2 4 Td (100) Tj ET';
  return minimalPdf({
    1: '<< /Type /Catalog /Pages 2 0 R /AcroForm 10 0 R /OCProperties 12 0 R >>',
    3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots 9 0 R /Resources << /Font << /F1 13 0 R >> /Properties << /oc1 11 0 R >> >> >>',
    4: `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    5: '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Approver) /Rect [300 300 400 350] /P 3 0 R /F 4 >>',
    6: '<< /Type /Annot /Subtype /Widget /FT /Tx /T (Amount) /V (100) /Rect [72 650 200 670] /P 3 0 R /F 4 /DA (/Helv 12 Tf 0 g) /AP << /N 7 0 R >> >>',
    7: `<< /Type /XObject /Subtype /Form /BBox [0 0 128 20] /Resources << /Font << /Helv 13 0 R >> >> /Length ${ap.length} >>\nstream\n${ap}\nendstream`,
    8: '<< /Type /Annot /Subtype /Square /Rect [400 400 450 450] /P 3 0 R /F 4 >>',
    9: '[5 0 R 6 0 R 8 0 R]',
    10: '<< /Fields [5 0 R 6 0 R] /DR << /Font << /Helv 13 0 R >> >> /DA (/Helv 0 Tf 0 g) >>',
    11: '<< /Type /OCG /Name (Void mark) >>',
    12: '<< /OCGs [11 0 R] /D << /ON [11 0 R] /Order [11 0 R] >> >>',
    13: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  });
}

/** A form XObject that paints "Amount: 900" with an opaque white background. */
function overlayStream(update: IncrementalUpdate, width = 230, height = 30): PdfRef {
  const r = update.allocate();
  const paint = `1 g 0 0 ${width} ${height} re f 0 g BT /Helv 12 Tf 2 8 Td (Amount: 900) Tj ET`;
  update.put(r, {
    dict: new PdfDict()
      .set('Type', name('XObject'))
      .set('Subtype', name('Form'))
      .set('BBox', [0, 0, width, height])
      .set('Resources', new PdfDict().set('Font', new PdfDict().set('Helv', ref(13)))),
    data: Buffer.from(paint, 'latin1'),
  });
  return r;
}

function appendToArray(doc: PdfDocument, update: IncrementalUpdate, num: number, ...entries: PdfRef[]): void {
  update.put(ref(num), [...(doc.resolve(ref(num)) as PdfRef[]), ...entries]);
}

/** The object as the latest revision has it, copied so it can be edited. */
const latest = (doc: PdfDocument, num: number) => (doc.getObject(num) as PdfDict).clone();

const failedChange = (report: PdfVerificationReport) => report.signatures[0].changesAfter.changes.filter((c) => !c.allowed);

function expectCaught(report: PdfVerificationReport, object: number, page?: number): void {
  expect(report.valid).toBe(false);
  expect(report.verdict).toBe('INVALID');
  expect(report.modified).toBe(true);
  const check = report.signatures[0].checks.find((c) => c.id === 'pdf.changes-after');
  expect(check).toMatchObject({ status: 'fail', code: 'DOCUMENT_MODIFIED' });
  expect(failedChange(report)).toContainEqual(expect.objectContaining({ object, allowed: false, ...(page === undefined ? {} : { page }) }));
}

describe('overlays added after a signature', () => {
  let seal: TestSeal;
  let signed: Uint8Array;
  let ledger: MemoryLedger;
  /** Object number of the service's signature widget (a merged field and widget). */
  let sealWidget: number;

  beforeAll(async () => {
    seal = await testSeal(w, '12010000009101');
    ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd);
    const result = await sealPdf(preparedForm(), seal, T.signing, { xMm: 120 });
    signed = result.pdf;
    const annots = PdfDocument.open(signed).resolve(ref(9)) as PdfRef[];
    sealWidget = annots[annots.length - 1]!.num;
  });

  const verify = (pdf: Uint8Array) => verifyPdf(pdf, { trust: w.trust, ledger, now: new Date(T.signing.getTime() + 3600_000) });

  it('the untouched signed form verifies VALID (the control)', async () => {
    const report = await verify(signed);
    expect(report).toMatchObject({ valid: true, verdict: 'VALID', modified: false });
  });

  it('catches a new /FT /Sig widget with its own appearance and no value, listed as a field', async () => {
    let widget = 0;
    const tampered = appendUpdate(signed, (doc, update) => {
      const w1 = update.allocate();
      widget = w1.num;
      update.put(
        w1,
        new PdfDict()
          .set('Type', name('Annot'))
          .set('Subtype', name('Widget'))
          .set('FT', name('Sig'))
          .set('T', text('Overlay'))
          .set('Rect', [70, 700, 300, 730])
          .set('P', ref(3))
          .set('F', 4)
          .set('AP', new PdfDict().set('N', overlayStream(update))),
      );
      appendToArray(doc, update, 9, w1);
      update.put(ref(10), latest(doc, 10).set('Fields', [...(doc.resolve(latest(doc, 10).get('Fields')) as PdfRef[]), w1]));
    });
    expectCaught(await verify(tampered), widget, 1);
  });

  it('catches a full-page widget of that kind on the page only', async () => {
    let widget = 0;
    const tampered = appendUpdate(signed, (doc, update) => {
      const w1 = update.allocate();
      widget = w1.num;
      update.put(
        w1,
        new PdfDict()
          .set('Type', name('Annot'))
          .set('Subtype', name('Widget'))
          .set('FT', name('Sig'))
          .set('Rect', [0, 0, 595, 842])
          .set('P', ref(3))
          .set('F', 4)
          .set('AP', new PdfDict().set('N', overlayStream(update, 595, 842))),
      );
      appendToArray(doc, update, 9, w1);
    });
    expectCaught(await verify(tampered), widget, 1);
  });

  it('catches a widget added as a kid of the already-signed field', async () => {
    let widget = 0;
    const tampered = appendUpdate(signed, (doc, update) => {
      const kid = update.allocate();
      widget = kid.num;
      update.put(
        kid,
        new PdfDict()
          .set('Type', name('Annot'))
          .set('Subtype', name('Widget'))
          .set('Parent', ref(sealWidget))
          .set('Rect', [70, 700, 300, 730])
          .set('P', ref(3))
          .set('F', 4)
          .set('AP', new PdfDict().set('N', overlayStream(update))),
      );
      appendToArray(doc, update, 9, kid);
    });
    expectCaught(await verify(tampered), widget, 1);
  });

  it('catches a painted /AP /N given to the empty signature field', async () => {
    const tampered = appendUpdate(signed, (doc, update) =>
      update.put(ref(5), latest(doc, 5).set('AP', new PdfDict().set('N', overlayStream(update, 100, 50)))),
    );
    expectCaught(await verify(tampered), 5, 1);
  });

  it('catches a replaced appearance stream of the text field', async () => {
    const tampered = appendUpdate(signed, (_doc, update) => {
      const paint = 'BT /Helv 12 Tf 2 4 Td (900) Tj ET';
      update.put(ref(7), {
        dict: new PdfDict().set('Type', name('XObject')).set('Subtype', name('Form')).set('BBox', [0, 0, 128, 20]),
        data: Buffer.from(paint),
      });
    });
    expectCaught(await verify(tampered), 7);
  });

  it('catches an /MK caption and background given to the empty signature field', async () => {
    const tampered = appendUpdate(signed, (doc, update) =>
      update.put(ref(5), latest(doc, 5).set('MK', new PdfDict().set('BG', [1, 1, 1]).set('CA', text('PAID')))),
    );
    expectCaught(await verify(tampered), 5, 1);
  });

  it('catches a changed /DA and /DR of the form (the font variable text is drawn with)', async () => {
    const tampered = appendUpdate(signed, (doc, update) => {
      const symbol = update.allocate();
      update.put(symbol, new PdfDict().set('Type', name('Font')).set('Subtype', name('Type1')).set('BaseFont', name('Symbol')));
      update.put(
        ref(10),
        latest(doc, 10)
          .set('DR', new PdfDict().set('Font', new PdfDict().set('Helv', symbol)))
          .set('DA', text('/Helv 0 Tf 1 0 0 rg')),
      );
    });
    expectCaught(await verify(tampered), 10);
  });

  it('catches optional content switched off after signing (the VOID mark disappears)', async () => {
    const tampered = appendUpdate(signed, (_doc, update) =>
      update.put(ref(12), new PdfDict().set('OCGs', [ref(11)]).set('D', new PdfDict().set('OFF', [ref(11)]).set('Order', [ref(11)]))),
    );
    expectCaught(await verify(tampered), 12);
  });

  it('catches optional content attached to an existing annotation', async () => {
    const tampered = appendUpdate(signed, (doc, update) => update.put(ref(8), latest(doc, 8).set('OC', ref(11))));
    expectCaught(await verify(tampered), 8, 1);
  });

  it('catches a reordered page /Annots (what is drawn on top changes)', async () => {
    const tampered = appendUpdate(signed, (doc, update) => {
      const list = doc.resolve(ref(9)) as PdfRef[];
      update.put(ref(9), [list[1]!, list[0]!, ...list.slice(2)]);
    });
    expectCaught(await verify(tampered), 9, 1);
  });

  it("allows a later valid signature's own field, and only while that signature is valid", async () => {
    const second = await testSeal(w, '12010000009102', w.issue('Approver', 0x9102n));
    ledger.activate(second.esID, T.sealStart, T.sealStart, T.sealEnd);
    const cosigned = await sealPdf(signed, second, new Date(T.signing.getTime() + 1000), { xMm: 60 });
    const good = await verify(cosigned.pdf);
    expect(good).toMatchObject({ valid: true, verdict: 'VALID', modified: false });
    expect(good.signatures[0].changesAfter.verdict).toBe('allowed');
    // Allowed is not silent: the report says whose widget was drawn over the signed revision, and where.
    expect(good.signatures[0].checks.find((c) => c.id === 'pdf.changes-after')?.message).toMatch(
      /"Signature2" \(page 1 \[\d+ \d+ \d+ \d+\]\), drawn over/,
    );

    // The same revision with the second signature's value broken: its widget is now an unsigned overlay.
    const broken = Buffer.from(cosigned.pdf);
    const hexAt = cosigned.byteRange[1] + 1 + 2 * (cosigned.container.length - 8);
    broken.write(broken[hexAt] === 0x30 ? '1' : '0', hexAt, 'latin1');
    const report = await verify(new Uint8Array(broken));
    expect(report.signatures[1].valid).toBe(false);
    expectCaught(report, 9, 1);
    expect(failedChange(report).find((c) => c.object === 9)?.reason).toMatch(/later signature it belongs to is not valid/);
  });
});

describe('an overlay on a document signed through the API, verified through the API', () => {
  let world: SigningWorld;
  beforeAll(async () => {
    world = await createSigningWorld();
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('answers INVALID, modified, naming the widget and its page', async () => {
    const seal = await world.addSeal({ unitId: 'unit_overlay', kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_overlay' });
    const res = await as(world, holder('unit_overlay', 'person_overlay')).post('/sign', signBody(seal, await samplePdf('Amount: 100')));
    expect(res.status).toBe(201);
    const signed = pdfOf(res.body);
    expect((await as(world, auditor()).verify(signed)).body).toMatchObject({ verdict: 'VALID', modified: false });

    let widget = 0;
    const tampered = appendUpdate(signed, (doc, update) => {
      const page = doc.getPage(1);
      const w1 = update.allocate();
      widget = w1.num;
      const paint = update.allocate();
      update.put(paint, {
        dict: new PdfDict().set('Type', name('XObject')).set('Subtype', name('Form')).set('BBox', [0, 0, 595, 842]),
        data: Buffer.from('1 g 0 0 595 842 re f'),
      });
      update.put(
        w1,
        new PdfDict()
          .set('Type', name('Annot'))
          .set('Subtype', name('Widget'))
          .set('FT', name('Sig'))
          .set('Rect', [0, 0, 595, 842])
          .set('P', page.ref)
          .set('F', 4)
          .set('AP', new PdfDict().set('N', paint)),
      );
      appendAnnotations(doc, update, page, [w1]);
    });
    const report = (await as(world, auditor()).verify(tampered)).body;
    expect(report).toMatchObject({ verdict: 'INVALID', valid: false, modified: true });
    expect(report.signatures[0].changesAfter.changes).toContainEqual(expect.objectContaining({ object: widget, page: 1, allowed: false }));
  });
});
