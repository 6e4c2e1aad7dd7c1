import { PdfDocument, inspectPdfSignatures } from '../pdf';
import { IncrementalUpdate } from '../pdf/incremental';
import { PdfDict, PdfRef } from '../pdf/objects';
import { minimalPdf, pdfLibDocument } from '../pdf/__tests__/helpers';
import { T, world } from '../seal/__tests__/fixtures';
import { MemoryLedger, sealPdf, testSeal } from './__tests__/signed-pdf';
import type { PdfVerificationReport } from './report';
import { verifyPdf } from './verify-pdf';

const statusOf = (report: PdfVerificationReport, index: number, id: string) =>
  report.signatures[index].checks.find((c) => c.id === id)?.status;
const codeOf = (report: PdfVerificationReport, index: number, id: string) => report.signatures[index].checks.find((c) => c.id === id)?.code;
const later = (ms: number) => new Date(T.signing.getTime() + ms);

describe('verifyPdf', () => {
  const w = world();

  it('passes every check of a freshly sealed document and reports the anchor once the ledger has it', async () => {
    const seal = await testSeal(w, '12010000000101');
    const signed = await sealPdf(await pdfLibDocument(1, false), seal, T.signing);
    const ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd);

    // Within the anchoring window a missing anchor is "not yet", not unknown evidence.
    const before = await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: later(60_000) });
    expect(before.valid).toBe(true);
    expect(before.modified).toBe(false);
    expect(before.signatures).toHaveLength(1);
    expect(before.signatures[0]).toMatchObject({ esID: seal.esID, revision: 2, signingTime: T.signing.toISOString(), page: 1 });
    expect(before.signatures[0].checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(statusOf(before, 0, 'signature.seal-ledger-status')).toBe('pass');
    expect(statusOf(before, 0, 'ledger.anchor')).toBe('skipped');

    ledger.anchor(signed.container, signed.pdf, seal.esID, T.signing);
    const after = await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: later(3 * 24 * 3600_000) });
    expect(statusOf(after, 0, 'ledger.anchor')).toBe('pass');
    expect(after.valid).toBe(true);
  });

  it('keeps earlier signatures valid across three parties and orders them by revision', async () => {
    const a = await testSeal(w, '12010000000201');
    const b = await testSeal(w, '12010000000202', w.issue('Second holder', 0x4004n));
    const c = await testSeal(w, '12010000000203', w.issue('Third holder', 0x5005n));
    const ledger = new MemoryLedger();
    for (const s of [a, b, c]) ledger.activate(s.esID, T.sealStart, T.sealStart, T.sealEnd);
    const one = await sealPdf(await pdfLibDocument(2, true), a, T.signing);
    const two = await sealPdf(one.pdf, b, later(1000), { page: 2 });
    const three = await sealPdf(two.pdf, c, later(2000), { crossPage: true });

    const report = await verifyPdf(three.pdf, { trust: w.trust, ledger, now: later(60_000) });
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => s.esID)).toEqual([a.esID, b.esID, c.esID]);
    expect(report.signatures.map((s) => s.changesAfter.verdict)).toEqual(['allowed', 'allowed', 'none']);
  });

  it('detects a page changed after signing, while the signature itself still verifies', async () => {
    const seal = await testSeal(w, '12010000000301');
    const signed = await sealPdf(minimalPdf(), seal, T.signing);
    const doc = PdfDocument.open(signed.pdf);
    const update = new IncrementalUpdate(doc);
    update.put(new PdfRef(4, 0), { dict: new PdfDict(), data: Buffer.from('BT (Paid in full) Tj ET') });
    const tampered = new Uint8Array(Buffer.concat([signed.pdf, update.encode().bytes]));

    const report = await verifyPdf(tampered, { trust: w.trust });
    expect(report.valid).toBe(false);
    expect(report.modified).toBe(true);
    expect(statusOf(report, 0, 'signature.value')).toBe('pass');
    expect(codeOf(report, 0, 'pdf.changes-after')).toBe('DOCUMENT_MODIFIED');
    expect(report.problems).toContain('DOCUMENT_MODIFIED');
  });

  it('detects a byte flipped inside the signed range', async () => {
    const seal = await testSeal(w, '12010000000401');
    const signed = await sealPdf(minimalPdf(), seal, T.signing);
    const tampered = Uint8Array.from(signed.pdf);
    const at = Buffer.from(tampered).indexOf('Hello');
    tampered[at] = 'J'.charCodeAt(0);
    const report = await verifyPdf(tampered, { trust: w.trust });
    expect(report.valid).toBe(false);
    expect(codeOf(report, 0, 'signature.data-hash')).toBe('DATA_HASH_MISMATCH');
  });

  it('fails a signature made after the ledger recorded the seal revoked, and passes one made before', async () => {
    const seal = await testSeal(w, '12010000000501');
    const signed = await sealPdf(minimalPdf(), seal, T.signing);
    const revokedBefore = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd).revoke(seal.esID, later(-1000));
    const report = await verifyPdf(signed.pdf, { trust: w.trust, ledger: revokedBefore });
    expect(codeOf(report, 0, 'signature.seal-ledger-status')).toBe('SEAL_REVOKED');
    expect(report.valid).toBe(false);

    // Revoked after the claimed time: valid only when an anchor (made a minute after signing) proves the
    // signature existed before the revocation; the signer's own claim is not enough (a leaked key backdates).
    const revokedLater = later(3_600_000);
    const revokedAfter = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd).revoke(seal.esID, revokedLater);
    expect(codeOf(await verifyPdf(signed.pdf, { trust: w.trust, ledger: revokedAfter }), 0, 'signature.seal-ledger-status')).toBe(
      'SEAL_REVOKED',
    );
    const anchoredBefore = new MemoryLedger()
      .activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd)
      .anchor(signed.container, signed.pdf, seal.esID, T.signing)
      .revoke(seal.esID, revokedLater);
    expect((await verifyPdf(signed.pdf, { trust: w.trust, ledger: anchoredBefore })).valid).toBe(true);
    const anchoredAfterRevocation = new MemoryLedger()
      .activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd)
      .anchor(signed.container, signed.pdf, seal.esID, new Date(revokedLater.getTime() + 1000))
      .revoke(seal.esID, revokedLater);
    expect(
      codeOf(await verifyPdf(signed.pdf, { trust: w.trust, ledger: anchoredAfterRevocation }), 0, 'signature.seal-ledger-status'),
    ).toBe('SEAL_REVOKED');
    const unknown = await verifyPdf(signed.pdf, { trust: w.trust, ledger: new MemoryLedger() });
    expect(codeOf(unknown, 0, 'signature.seal-ledger-status')).toBe('SEAL_NOT_ACTIVE');
  });

  it('checks the embedded seal data against the hash the ledger registered', async () => {
    const seal = await testSeal(w, '12010000000801');
    const signed = await sealPdf(minimalPdf(), seal, T.signing);
    const registered = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd, seal.der);
    expect(statusOf(await verifyPdf(signed.pdf, { trust: w.trust, ledger: registered }), 0, 'ledger.seal-data')).toBe('pass');
    // Same code, same maker, but seal data the ledger never saw (a seal made outside the filed process).
    const other = await testSeal(w, '12010000000801');
    const unregistered = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd, other.der);
    const report = await verifyPdf(signed.pdf, { trust: w.trust, ledger: unregistered });
    expect(codeOf(report, 0, 'ledger.seal-data')).toBe('DATA_HASH_MISMATCH');
    expect(report.valid).toBe(false);
    expect(
      statusOf(
        await verifyPdf(signed.pdf, {
          trust: w.trust,
          ledger: new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd),
        }),
        0,
        'ledger.seal-data',
      ),
    ).toBe('skipped');
  });

  it('fails an anchor that names another document than the file holds', async () => {
    const seal = await testSeal(w, '12010000000601');
    const signed = await sealPdf(minimalPdf(), seal, T.signing);
    const ledger = new MemoryLedger()
      .activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd)
      .anchor(signed.container, minimalPdf(), seal.esID, T.signing);
    const report = await verifyPdf(signed.pdf, { trust: w.trust, ledger });
    expect(codeOf(report, 0, 'ledger.anchor')).toBe('DATA_HASH_MISMATCH');
  });

  it('rejects a certificate from an untrusted CA and a foreign container without crashing', async () => {
    const seal = await testSeal(w, '12010000000701');
    const signed = await sealPdf(minimalPdf(), seal, T.signing);
    const otherCa = world().trustWith({ caKey: w.stranger.key.publicKey });
    const untrusted = await verifyPdf(signed.pdf, { trust: otherCa });
    expect(untrusted.valid).toBe(false);
    expect(untrusted.problems.some((p) => p.startsWith('CERT_'))).toBe(true);

    const withJunk = Buffer.from(signed.pdf);
    const hexAt = signed.byteRange[1] + 1;
    withJunk.write('3003020100', hexAt, 'latin1'); // a DER SEQUENCE that is no SES_Signature
    const junk = await verifyPdf(new Uint8Array(withJunk), { trust: w.trust });
    expect(junk.valid).toBe(false);
    expect(statusOf(junk, 0, 'pdf.container')).toBe('fail');
  });

  it('reports an unsigned document as not valid, and unreadable input as a coded error', async () => {
    const report = await verifyPdf(minimalPdf(), { trust: w.trust });
    expect(report).toMatchObject({ valid: false, signatures: [] });
    await expect(verifyPdf(new Uint8Array(Buffer.from('not a pdf')), { trust: w.trust })).rejects.toMatchObject({ code: 'PDF_MALFORMED' });
    expect(inspectPdfSignatures(minimalPdf()).signatures).toEqual([]);
  });
});
