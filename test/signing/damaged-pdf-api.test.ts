import { auditor, holder, createSigningWorld, samplePdf, type SigningWorld, type TestSeal } from './support/signing-world';
import { as, pdfOf, signBody } from './support/api';

const UNIT = 'unit_damaged_pdf';
const HOLDER = 'person_damaged_rep';

/** A scanner's PDF with a startxref pointing at garbage: readers open it after a silent repair. */
function withBrokenStartxref(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const at = text.lastIndexOf('startxref');
  return new Uint8Array(Buffer.from(text.slice(0, at) + text.slice(at).replace(/startxref\s+\d+/, 'startxref\n25'), 'latin1'));
}

describe('signing API: damaged PDFs, automatic placement, pages too small for the seal', () => {
  let world: SigningWorld;
  let seal: TestSeal;
  const signer = holder(UNIT, HOLDER);

  beforeAll(async () => {
    world = await createSigningWorld();
    // A position seal: its holder signs without an approval.
    seal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: HOLDER });
  });
  afterAll(async () => world?.close());

  it('seals a PDF whose startxref points at garbage, placed automatically, and the verification report says what was repaired', async () => {
    const broken = withBrokenStartxref(await samplePdf('scanned'));
    const signed = await as(world, signer).post('/sign', signBody(seal, broken, { placement: { page: 1, auto: true } }));
    expect(signed.status).toBe(201);
    expect(signed.body.repaired).toEqual([expect.stringMatching(/^cross-reference data rebuilt by scanning the file/)]);
    const report = await as(world, auditor()).verify(pdfOf(signed.body));
    expect(report.status).toBe(200);
    expect(report.body.valid).toBe(true);
    expect(report.body.repaired).toEqual([expect.stringMatching(/^revision 1: cross-reference data rebuilt by scanning the file/)]);
  });

  it('answers a page smaller than the imprint with 422 PDF_PAGE_TOO_SMALL naming the largest imprint that fits, and coordinates that are missing with 400', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    doc.addPage([60, 40]); // about 21 × 14 mm: a label
    const label = await doc.save();
    const small = await as(world, signer).post('/sign', signBody(seal, label, { placement: { page: 1, auto: true } }));
    expect([small.status, small.body.error.code]).toEqual([422, 'PDF_PAGE_TOO_SMALL']);
    expect(small.body.error.details).toMatchObject({
      page: 1,
      pageSizeMm: { widthMm: 21.2, heightMm: 14.1 },
      largestImprintMm: expect.any(Object),
    });
    const missing = await as(world, signer).post('/sign', signBody(seal, await samplePdf('plain'), { placement: { page: 1 } }));
    expect([missing.status, missing.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
