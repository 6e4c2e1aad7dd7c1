/**
 * Three-state verdicts (ETSI EN 319 102-1 in spirit). A verifier that cannot establish something a
 * verdict needs must say INDETERMINATE, never pass silently: no ledger consulted (revocation
 * unknown), no anchor long after the anchoring window, a later signature vouching for an earlier
 * one's allowed change while its own verdict is unknown. INVALID outranks INDETERMINATE.
 */
import { ANCHORING_WINDOW_MS, verifyPdf, type PdfVerificationReport } from '@eseal/core';
import { minimalPdf, pdfLibDocument } from '../../core/src/pdf/__tests__/helpers';
import { T, world } from '../../core/src/seal/__tests__/fixtures';
import { MemoryLedger, sealPdf, testSeal } from '../../core/src/verify/__tests__/signed-pdf';

const w = world();
const at = (ms: number) => new Date(T.signing.getTime() + ms);
const checkOf = (report: PdfVerificationReport, index: number, id: string) => report.signatures[index]!.checks.find((c) => c.id === id);

describe('INDETERMINATE verdicts', () => {
  it('is INDETERMINATE, not VALID, when no ledger says whether the seal was revoked', async () => {
    const seal = await testSeal(w, '12010000009501');
    const signed = await sealPdf(minimalPdf(), seal, T.signing);
    const report = await verifyPdf(signed.pdf, { trust: w.trust, now: at(60_000) });
    expect(report).toMatchObject({ verdict: 'INDETERMINATE', valid: false, modified: false });
    expect(report.signatures[0]).toMatchObject({ verdict: 'INDETERMINATE', valid: false });
    expect(checkOf(report, 0, 'signature.seal-ledger-status')).toMatchObject({ status: 'indeterminate', code: 'REVOCATION_UNKNOWN' });
    expect(report.problems).toEqual([]); // nothing failed
  });

  it('is VALID while a signature is inside its anchoring window, INDETERMINATE once the window passed without an anchor', async () => {
    const seal = await testSeal(w, '12010000009502');
    const ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd);
    const signed = await sealPdf(minimalPdf(), seal, T.signing);

    const fresh = await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: at(60_000) });
    expect(fresh.verdict).toBe('VALID');
    expect(checkOf(fresh, 0, 'ledger.anchor')?.status).toBe('skipped');

    const stale = await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: at(ANCHORING_WINDOW_MS + 60_000) });
    expect(stale.verdict).toBe('INDETERMINATE');
    expect(checkOf(stale, 0, 'ledger.anchor')).toMatchObject({ status: 'indeterminate', code: 'EVIDENCE_MISSING' });

    ledger.anchor(signed.container, signed.pdf, seal.esID, T.signing);
    expect((await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: at(ANCHORING_WINDOW_MS + 60_000) })).verdict).toBe('VALID');
  });

  it("carries a later signature's unknown verdict to the earlier signature whose allowed change it vouches for", async () => {
    const first = await testSeal(w, '12010000009503');
    const second = await testSeal(w, '12010000009504', w.issue('Second holder', 0x9504n));
    const ledger = new MemoryLedger()
      .activate(first.esID, T.sealStart, T.sealStart, T.sealEnd)
      .activate(second.esID, T.sealStart, T.sealStart, T.sealEnd);
    const one = await sealPdf(await pdfLibDocument(1, false), first, T.signing);
    const two = await sealPdf(one.pdf, second, at(1000), { xMm: 90 });
    ledger.anchor(one.container, one.pdf, first.esID, T.signing); // only the first is anchored

    const report = await verifyPdf(two.pdf, { trust: w.trust, ledger, now: at(ANCHORING_WINDOW_MS + 60_000) });
    expect(report.signatures.map((s) => s.verdict)).toEqual(['INDETERMINATE', 'INDETERMINATE']);
    expect(checkOf(report, 0, 'ledger.anchor')?.status).toBe('pass');
    expect(checkOf(report, 0, 'pdf.changes-after')).toMatchObject({ status: 'indeterminate', code: 'EVIDENCE_MISSING' });
    expect(report.verdict).toBe('INDETERMINATE');
  });

  it('is INVALID, not INDETERMINATE, when something failed as well', async () => {
    const seal = await testSeal(w, '12010000009505');
    const signed = await sealPdf(minimalPdf(), seal, T.signing);
    const tampered = Uint8Array.from(signed.pdf);
    tampered[Buffer.from(tampered).indexOf('Hello')] = 'J'.charCodeAt(0);
    const report = await verifyPdf(tampered, { trust: w.trust, now: at(60_000) });
    expect(report).toMatchObject({ verdict: 'INVALID', modified: true });
    expect(checkOf(report, 0, 'signature.seal-ledger-status')?.status).toBe('indeterminate');
  });

  it('calls an unsigned document INVALID', async () => {
    expect((await verifyPdf(minimalPdf(), { trust: w.trust })).verdict).toBe('INVALID');
  });
});
