import { SealError, verifyPdf, x509CertificateView, type SealTrust, type VerificationLedger } from '@eseal/core';
import { minimalPdf } from '../../core/src/pdf/__tests__/helpers';
import { T, world } from '../../core/src/seal/__tests__/fixtures';
import { MemoryLedger, sealPdf, testSeal } from '../../core/src/verify/__tests__/signed-pdf';
import { VerificationPool } from '../../server/src/usecases/signing';

/** The pool runs the build's verify-worker.js in real worker threads; its answers must equal verifyPdf's. */
describe('verification pool (verifyPdf in worker threads)', () => {
  const w = world();
  // Threads parse certificates with the X.509 parser, as the production trust does.
  const trust: SealTrust = { ...w.trust, parseCertificate: x509CertificateView };
  const now = new Date(T.signing.getTime() + 3_600_000);
  let signed: Uint8Array;
  let ledger: MemoryLedger;
  const pools: VerificationPool[] = [];
  const pool = (ledgerView: VerificationLedger, options: { threads?: number; taskTimeoutMs?: number } = {}) => {
    const created = new VerificationPool({ trust, ledger: ledgerView }, { threads: options.threads ?? 2, taskTimeoutMs: options.taskTimeoutMs ?? 10_000 });
    pools.push(created);
    return created;
  };

  beforeAll(async () => {
    const seal = await testSeal(w, '12010000009901');
    const first = await sealPdf(minimalPdf(), seal, T.signing);
    signed = first.pdf;
    ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd).anchor(first.container, first.pdf, seal.esID, T.signing);
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('answers exactly what verifyPdf answers on the event loop, for many documents at once', async () => {
    const expected = await verifyPdf(signed, { trust, ledger, now });
    expect(expected.valid).toBe(true);
    const verifier = pool(ledger);
    const reports = await Promise.all(Array.from({ length: 24 }, () => verifier.verify(signed, { now })));
    for (const report of reports) expect(report).toEqual(expected);
  });

  it('answers a document that fails a check with the same failing report', async () => {
    const revoked = new MemoryLedger();
    for (const [code, view] of ledger.seals) revoked.seals.set(code, view);
    const esID = [...ledger.seals.keys()][0]!;
    revoked.revoke(esID, new Date(T.signing.getTime() - 1000));
    const expected = await verifyPdf(signed, { trust, ledger: revoked, now });
    expect(expected.valid).toBe(false);
    expect(await pool(revoked).verify(signed, { now })).toEqual(expected);
  });

  it('rejects unreadable input with the coded error verifyPdf throws, and keeps serving', async () => {
    const verifier = pool(ledger, { threads: 1 });
    const garbage = new TextEncoder().encode('%PDF-1.7\nthis is not a PDF at all');
    const error = await verifier.verify(garbage, { now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SealError);
    expect((error as SealError).code).toBe('PDF_MALFORMED');
    expect((await verifier.verify(signed, { now })).valid).toBe(true);
  });

  it('passes a ledger failure through with its code', async () => {
    const down: VerificationLedger = {
      findSeal: async () => {
        throw new SealError('LEDGER_UNAVAILABLE', 'peer unreachable');
      },
      findSignature: async () => undefined,
    };
    const error = await pool(down, { threads: 1 }).verify(signed, { now }).catch((e: unknown) => e);
    expect((error as SealError).code).toBe('LEDGER_UNAVAILABLE');
  });

  it('gives up on a ledger that never answers, without replacing a thread that is only waiting', async () => {
    let calls = 0;
    const hanging: VerificationLedger = {
      findSeal: (code) => (++calls === 1 ? new Promise(() => undefined) : ledger.findSeal(code)),
      findSignature: (hash) => ledger.findSignature(hash),
    };
    const verifier = pool(hanging, { threads: 1, taskTimeoutMs: 300 });
    const error = await verifier.verify(signed, { now }).catch((e: unknown) => e);
    expect((error as SealError).code).toBe('LEDGER_UNAVAILABLE');
    expect((await verifier.verify(signed, { now })).valid).toBe(true);
  });

  it('refuses work once closed', async () => {
    const verifier = pool(ledger, { threads: 1 });
    await verifier.close();
    await expect(verifier.verify(signed, { now })).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });
});
