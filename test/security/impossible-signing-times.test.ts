/**
 * Future and impossible signing times. timeInfo is the signer's own claim, and everything judged "at
 * signing time" (certificates, the seal's standing) hangs on it. A claim later than the verification
 * itself, later than the ledger anchored the signature, or outside the seal's validity cannot be
 * true: the signature is INVALID, with signature.signing-time failing SIGNING_TIME_IMPOSSIBLE.
 */
import { verifyPdf, CLOCK_SKEW_MS, type PdfVerificationReport } from '@eseal/core';
import { minimalPdf, sealImprint } from '../../core/src/pdf/__tests__/helpers';
import { signPdf } from '../../core/src/pdf';
import { T, rawSignature, world } from '../../core/src/seal/__tests__/fixtures';
import { pdfPropertyInfo } from '../../core/src/verify/property-info';
import { MemoryLedger, sealPdf, testSeal } from '../../core/src/verify/__tests__/signed-pdf';

const w = world();
const at = (ms: number) => new Date(T.signing.getTime() + ms);
const timeCheck = (report: PdfVerificationReport) => report.signatures[0].checks.find((c) => c.id === 'signature.signing-time');

describe('signing times that cannot be true', () => {
  it('fails a claimed time later than the time of verification, beyond the clock skew', async () => {
    const seal = await testSeal(w, '12010000009401');
    const ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd);
    const claimed = at(24 * 3600_000); // a day ahead of the verifier's clock
    const signed = await sealPdf(minimalPdf(), seal, claimed);

    const report = await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: T.signing });
    expect(report).toMatchObject({ verdict: 'INVALID', valid: false });
    expect(timeCheck(report)).toMatchObject({ status: 'fail', code: 'SIGNING_TIME_IMPOSSIBLE' });
    expect(timeCheck(report)?.message).toMatch(/later than the time of verification/);
    expect(report.problems).toContain('SIGNING_TIME_IMPOSSIBLE');
  });

  it('tolerates a claim within the clock skew', async () => {
    const seal = await testSeal(w, '12010000009402');
    const ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd);
    const signed = await sealPdf(minimalPdf(), seal, at(CLOCK_SKEW_MS - 1000));
    const report = await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: T.signing });
    expect(timeCheck(report)?.status).toBe('pass');
    expect(report.verdict).toBe('VALID');
  });

  it('fails a claimed time later than the ledger anchored the signature', async () => {
    const seal = await testSeal(w, '12010000009403');
    const claimed = at(0);
    const signed = await sealPdf(minimalPdf(), seal, claimed);
    // The ledger anchored this very signature an hour before the time it claims.
    const ledger = new MemoryLedger()
      .activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd)
      .anchor(signed.container, signed.pdf, seal.esID, at(-2 * 3600_000));

    const report = await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: at(3600_000) });
    expect(report.signatures[0].checks.find((c) => c.id === 'ledger.anchor')?.status).toBe('pass');
    expect(report.verdict).toBe('INVALID');
    expect(timeCheck(report)).toMatchObject({ status: 'fail', code: 'SIGNING_TIME_IMPOSSIBLE' });
    expect(timeCheck(report)?.message).toMatch(/later than the ledger anchored/);
  });

  it("fails a claimed time outside the seal's validity", async () => {
    const seal = await testSeal(w, '12010000009404');
    const ledger = new MemoryLedger().activate(seal.esID, new Date(T.sealStart.getTime() - 30 * 86_400_000), T.sealStart, T.sealEnd);
    // Our signer refuses such a time; whoever holds the key need not use our signer.
    const claimed = new Date(T.sealStart.getTime() - 86_400_000);
    const signed = await signPdf(
      minimalPdf(),
      { page: 1, position: { xMm: 20, yMm: 20 }, imprint: { png: sealImprint(40), widthMm: 30, heightMm: 30 }, signingTime: claimed },
      async (input) =>
        rawSignature({
          seal: seal.der,
          signer: seal.holder,
          timeInfo: claimed,
          dataHash: input.sm3,
          propertyInfo: pdfPropertyInfo(input.byteRange),
        }),
    );
    const report = await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: T.signing });
    expect(report.verdict).toBe('INVALID');
    expect(timeCheck(report)).toMatchObject({ status: 'fail', code: 'SIGNING_TIME_IMPOSSIBLE' });
    expect(timeCheck(report)?.message).toMatch(/outside the seal's validity/);
  });
});
