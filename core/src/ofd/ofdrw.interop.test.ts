/**
 * ofdrw (Java, Maven Central) as an independent judge: it verifies OFD files we seal, and we verify
 * OFD files it seals with our seal and key — alone and as one party among ours.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSeal } from '../seal';
import { sealInput, world } from '../seal/__tests__/fixtures';
import { sealOfd } from '../verify/__tests__/signed-ofd';
import { MemoryLedger, testSeal, type TestSeal } from '../verify/__tests__/signed-pdf';
import { verifyOfd } from '../verify/verify-ofd';
import { OfdPackage } from './ofd-package';
import { writeZip } from './zip-write';
import { minimalOfd } from './__tests__/minimal-ofd';
import { findOfdrwJudge, type OfdrwJudge } from './__tests__/ofdrw-judge';

const judge = findOfdrwJudge();
const DAY = 86_400_000;

if ('absent' in judge) {
  // Said once, loudly: these interop tests are the only independent check of our OFD layout.
  console.warn(`ofdrw interop tests skipped: ${judge.absent}`);
  describe('ofdrw interop', () => it.skip(`skipped: ${judge.absent}`, () => undefined));
} else {
  const ofdrw: OfdrwJudge = judge;
  describe('ofdrw interop', () => {
    const w = world();
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'ofdrw-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, bytes?: Uint8Array) => {
      const path = join(dir, name);
      if (bytes) writeFileSync(path, bytes);
      return path;
    };

    /** ofdrw signs with the current time, so its seal and certificate are valid around now. */
    async function sealValidNow(esID: string): Promise<TestSeal> {
      const now = Date.now();
      const holder = w.issue(`ofdrw holder ${esID}`, BigInt(`0x${esID}`), new Date(now - DAY), new Date(now + 365 * DAY));
      const der = await makeSeal(
        sealInput(w, {
          esID,
          certs: [holder.cert],
          createDate: new Date(now - DAY),
          validStart: new Date(now - DAY),
          validEnd: new Date(now + 300 * DAY),
        }),
      );
      return { esID, der, holder };
    }

    function ofdrwSign(input: Uint8Array, seal: TestSeal, name: string, page = 1): Uint8Array {
      const out = file(`${name}.ofd`);
      const result = ofdrw.run([
        'sign',
        file(`${name}.in.ofd`, input),
        out,
        file(`${name}.esl`, seal.der),
        file(`${name}.key.hex`, Buffer.from(Buffer.from(seal.holder.key.bytes()).toString('hex'))),
        file(`${name}.cer`, seal.holder.cert),
        String(page),
        '40',
        '60',
        '40',
        '40',
      ]);
      expect([result.code, result.stdout.trim(), result.stderr]).toEqual([0, 'SIGNED', '']);
      return new Uint8Array(readFileSync(out));
    }

    it('ofdrw verifies a one-page OFD we sealed, and catches a page changed after it', async () => {
      const seal = await testSeal(w, '12010000008101');
      const signed = await sealOfd(minimalOfd(), seal, new Date('2026-06-01T08:30:00Z'));
      expect(ofdrw.run(['verify', file('ours.ofd', signed.ofd)]).stdout.trim()).toBe('VALID');

      const pkg = OfdPackage.open(signed.ofd);
      const page = 'Doc_0/Pages/Page_0/Content.xml';
      const tampered = writeZip(
        pkg.paths.map((p) => ({
          name: p,
          data: p === page ? Buffer.from(Buffer.from(pkg.file(p)).toString().replace('Page 1', 'Page X')) : pkg.file(p),
          compress: true,
        })),
        new Date(),
      );
      const verdict = ofdrw.run(['verify', file('ours-tampered.ofd', tampered)]);
      expect(verdict.code).toBe(1);
      expect(verdict.stdout).toMatch(/INVALID/);
    });

    it('ofdrw verifies a 100-page OFD sealed by three of our parties in a row', async () => {
      const seals = [
        await testSeal(w, '12010000008201'),
        await testSeal(w, '12010000008202', w.issue('Second ofdrw party', 0x8202n)),
        await testSeal(w, '12010000008203', w.issue('Third ofdrw party', 0x8203n)),
      ];
      let ofd = minimalOfd({ pages: 100 });
      for (const [i, seal] of seals.entries())
        ofd = (await sealOfd(ofd, seal, new Date(Date.UTC(2026, 5, 1, 8, 30, i)), { page: 1 + i * 40 })).ofd;
      expect(ofdrw.run(['verify', file('ours-3.ofd', ofd)]).stdout.trim()).toBe('VALID');
    });

    it('we verify an OFD ofdrw sealed with our seal and key, and one sealed by us, then ofdrw, then us', async () => {
      const seal = await sealValidNow('12010000008301');
      const ours = await sealValidNow('12010000008302');
      // Seal status comes from the ledger: without one every signature would be INDETERMINATE.
      const now = Date.now();
      const ledger = new MemoryLedger()
        .activate(seal.esID, new Date(now - DAY), new Date(now - DAY), new Date(now + 300 * DAY), seal.der)
        .activate(ours.esID, new Date(now - DAY), new Date(now - DAY), new Date(now + 300 * DAY), ours.der);
      const byOfdrw = ofdrwSign(minimalOfd({ pages: 2 }), seal, 'theirs', 2);
      const report = await verifyOfd(byOfdrw, { trust: w.trust, ledger });
      expect(report.signatures[0]!.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(report).toMatchObject({ valid: true, signatures: [{ esID: seal.esID, page: 2 }] });

      const first = await sealOfd(minimalOfd({ pages: 2 }), ours, new Date());
      const second = ofdrwSign(first.ofd, seal, 'mixed');
      const third = await sealOfd(second, ours, new Date(), { page: 2 });
      const mixed = await verifyOfd(third.ofd, { trust: w.trust, ledger });
      expect(mixed.problems).toEqual([]);
      expect(mixed.signatures.map((s) => [s.esID, s.valid, s.changesAfter.verdict])).toEqual([
        [ours.esID, true, 'allowed'],
        [seal.esID, true, 'allowed'],
        [ours.esID, true, 'none'],
      ]);
      expect(ofdrw.run(['verify', file('mixed.ofd', third.ofd)]).stdout.trim()).toBe('VALID');
    });
  });
}
