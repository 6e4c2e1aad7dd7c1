import { join } from 'node:path';
import { SealError, verifyPdf, x509CertificateView, type SealTrust, type VerificationLedger } from '@eseal/core';
import { minimalPdf } from '../../core/src/pdf/__tests__/helpers';
import { T, world } from '../../core/src/seal/__tests__/fixtures';
import { MemoryLedger, sealPdf, testSeal } from '../../core/src/verify/__tests__/signed-pdf';
import { VerificationPool, type VerificationPoolOptions } from '../../server/src/usecases/signing';

/** The pool runs the build's verify-worker.js in real worker threads; its answers must equal verifyPdf's. */
describe('verification pool (verifyPdf in worker threads)', () => {
  const w = world();
  // Threads parse certificates with the X.509 parser, as the production trust does.
  const trust: SealTrust = { ...w.trust, parseCertificate: x509CertificateView };
  const now = new Date(T.signing.getTime() + 3_600_000);
  let signed: Uint8Array;
  let ledger: MemoryLedger;
  const pools: VerificationPool[] = [];
  const pool = (ledgerView: VerificationLedger, options: Partial<VerificationPoolOptions> = {}) => {
    const created = new VerificationPool(
      { trust, ledger: ledgerView },
      {
        threads: 2,
        stuckAfterMs: 10_000,
        callTimeoutMs: 10_000,
        fallback: (pdf, o) => verifyPdf(pdf, { trust, ledger: ledgerView, ...o }),
        ...options,
      },
    );
    pools.push(created);
    return created;
  };
  const capture = () => {
    const lines: Array<{ level: string; details: Record<string, unknown>; message: string }> = [];
    const logger = {
      warn: (details: object, message: string) => lines.push({ level: 'warn', details: details as Record<string, unknown>, message }),
      error: (details: object, message: string) => lines.push({ level: 'error', details: details as Record<string, unknown>, message }),
    };
    return { logger, lines };
  };

  beforeAll(async () => {
    const seal = await testSeal(w, '12010000009901');
    const first = await sealPdf(minimalPdf(), seal, T.signing);
    signed = first.pdf;
    ledger = new MemoryLedger()
      .activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd)
      .anchor(first.container, first.pdf, seal.esID, T.signing);
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
    const error = await pool(down, { threads: 1 })
      .verify(signed, { now })
      .catch((e: unknown) => e);
    expect((error as SealError).code).toBe('LEDGER_UNAVAILABLE');
  });

  it('fails only the task whose ledger call never answers; its thread is kept', async () => {
    let calls = 0;
    const hanging: VerificationLedger = {
      findSeal: (code) => (++calls === 1 ? new Promise(() => undefined) : ledger.findSeal(code)),
      findSignature: (hash) => ledger.findSignature(hash),
    };
    const { logger, lines } = capture();
    const verifier = pool(hanging, { threads: 1, callTimeoutMs: 300, stuckAfterMs: 10_000, logger });
    const error = await verifier.verify(signed, { now }).catch((e: unknown) => e);
    expect((error as SealError).code).toBe('LEDGER_UNAVAILABLE');
    expect((await verifier.verify(signed, { now })).valid).toBe(true);
    expect(lines).toEqual([]);
  });

  it('queues beyond the per-thread limit without failing anyone, and refuses past the queue limit', async () => {
    const verifier = pool(ledger, { threads: 1, maxTasksPerThread: 2, maxQueued: 100 });
    const reports = await Promise.all(Array.from({ length: 40 }, () => verifier.verify(signed, { now })));
    expect(reports.every((r) => r.valid)).toBe(true);

    const full = pool(ledger, { threads: 1, maxTasksPerThread: 1, maxQueued: 0 });
    const [first, second] = await Promise.allSettled([full.verify(signed, { now }), full.verify(signed, { now })]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'DEPENDENCY_UNAVAILABLE' } });
  });

  describe('with threads that misbehave on demand', () => {
    const misbehaving = (options: Partial<VerificationPoolOptions>) =>
      pool(ledger, { workerFile: join(__dirname, '../support/misbehaving-verify-worker.js'), ...options });
    const blocking = new TextEncoder().encode('%PDF-BLOCK never read to the end');
    const exiting = new TextEncoder().encode('%PDF-EXIT the thread dies');

    it('replaces a thread stuck reading a file: that file fails PDF_TOO_COMPLEX, the others move on', async () => {
      const { logger, lines } = capture();
      // 4 s: long enough for the replacement thread's first, cold verification on a loaded machine.
      const verifier = misbehaving({ threads: 1, stuckAfterMs: 4000, logger });
      const [stuck, innocent] = await Promise.allSettled([verifier.verify(blocking, { now }), verifier.verify(signed, { now })]);
      expect(stuck).toMatchObject({ status: 'rejected', reason: { code: 'PDF_TOO_COMPLEX' } });
      expect(innocent).toMatchObject({ status: 'fulfilled', value: { valid: true } });
      expect(lines).toEqual([
        expect.objectContaining({
          level: 'warn',
          message: 'a verification thread was replaced',
          details: expect.objectContaining({ why: 'stuck', movedTasks: 1 }),
        }),
      ]);
      expect((await verifier.verify(signed, { now })).valid).toBe(true);
    });

    it('restarts the tasks of a thread that died reading nothing once, then fails the one in flight again', async () => {
      const { logger, lines } = capture();
      const verifier = misbehaving({ threads: 1, logger });
      await expect(verifier.verify(exiting, { now })).rejects.toMatchObject({ code: 'PDF_TOO_COMPLEX' });
      expect(lines.filter((l) => l.details.why === 'died')).toHaveLength(2);
      expect(verifier.degraded).toBe(false);
      expect((await verifier.verify(signed, { now })).valid).toBe(true);
    });
  });

  it('keeps an unexpected failure out of the answer: INTERNAL with the public message, the original as cause', async () => {
    const broken: VerificationLedger = {
      findSeal: async () => {
        throw new Error('connect ECONNREFUSED mongodb://admin:secret-password@10.0.0.5');
      },
      findSignature: async () => undefined,
    };
    const error = (await pool(broken, { threads: 1 })
      .verify(signed, { now })
      .catch((e: unknown) => e)) as SealError;
    expect(error).toMatchObject({ code: 'INTERNAL', message: 'Internal error' });
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('secret-password');
    expect(String((error.cause as Error).stack)).toContain('secret-password');
  });

  it('falls back to verifying on the event loop when threads cannot start', async () => {
    const { logger, lines } = capture();
    const verifier = pool(ledger, { threads: 1, workerFile: join(__dirname, '../support/unstartable-verify-worker.js'), logger });
    const report = await verifier.verify(signed, { now });
    expect(report.valid).toBe(true);
    await waitFor(() => verifier.degraded);
    expect((await verifier.verify(signed, { now })).valid).toBe(true);
    expect(lines.some((l) => l.level === 'error' && /event loop/.test(l.message))).toBe(true);
  });

  it('refuses work once closed', async () => {
    const verifier = pool(ledger, { threads: 1 });
    await verifier.close();
    await expect(verifier.verify(signed, { now })).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
