import { randomBytes, randomInt } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SealError } from '../errors';
import { T, world } from '../seal/__tests__/fixtures';
import { verifyPdf } from '../verify';
import { MemoryLedger, sealPdf, testSeal } from '../verify/__tests__/signed-pdf';
import { DAMAGES, realProducerFiles } from './__tests__/damage';

/**
 * Property: any file qpdf can rewrite (`qpdf in out` exits 0, or 3 with warnings) is either sealed
 * into a file our verifier accepts, or refused with a coded error. Never a crash, never a sealed
 * file that does not verify. Inputs are real producers' files with random damage (real entropy).
 */
const CASES = 60;
const dir = mkdtempSync(join(tmpdir(), 'eseal-qpdf-rewrite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Mutation = { name: string; apply: (pdf: Uint8Array) => Uint8Array | undefined };

const MUTATIONS: Mutation[] = [
  {
    name: 'random bytes overwritten',
    apply: (pdf) => {
      const out = Uint8Array.from(pdf);
      const count = randomInt(1, 6);
      for (let i = 0; i < count; i++)
        out.set(randomBytes(randomInt(1, 8)).subarray(0, Math.max(0, out.length - 1)), randomInt(0, out.length - 8));
      return out;
    },
  },
  { name: 'truncated at a random point', apply: (pdf) => pdf.subarray(0, randomInt(Math.floor(pdf.length / 2), pdf.length)) },
  {
    name: 'a random chunk deleted',
    apply: (pdf) => {
      const at = randomInt(20, pdf.length - 1);
      const length = randomInt(1, Math.min(500, pdf.length - at));
      return new Uint8Array(Buffer.concat([pdf.subarray(0, at), pdf.subarray(at + length)]));
    },
  },
  {
    name: 'random bytes inserted',
    apply: (pdf) => {
      const at = randomInt(20, pdf.length);
      return new Uint8Array(Buffer.concat([pdf.subarray(0, at), randomBytes(randomInt(1, 64)), pdf.subarray(at)]));
    },
  },
  ...Object.entries(DAMAGES).map(([name, apply]) => ({ name, apply })),
];

function qpdfRewrites(pdf: Uint8Array): boolean {
  const input = join(dir, 'in.pdf');
  writeFileSync(input, pdf);
  const result = spawnSync('qpdf', [input, join(dir, 'out.pdf')], { encoding: 'latin1', timeout: 20_000 });
  return result.status === 0 || result.status === 3;
}

// Verified a minute after signing: later, an unanchored signature is INDETERMINATE (its anchoring window has passed).
const justAfterSigning = new Date(T.signing.getTime() + 60_000);

describe('sealing whatever qpdf can rewrite', () => {
  const w = world();
  // Small files keep sixty rounds of qpdf, sealing and verification quick.
  const sources = realProducerFiles().filter((s) => s.pdf.length < 300_000);

  it(`seals and verifies, or refuses with a code, ${CASES} randomly damaged real files`, async () => {
    const seal = await testSeal(w, '12010000009701');
    const ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd);
    const tally = { sealed: 0, refused: 0, qpdfRefused: 0 };
    for (let i = 0; i < CASES; i++) {
      const source = sources[randomInt(0, sources.length)];
      const mutation = MUTATIONS[randomInt(0, MUTATIONS.length)];
      const damaged = mutation.apply(source.pdf);
      if (!damaged || !qpdfRewrites(damaged)) {
        tally.qpdfRefused++;
        continue;
      }
      const label = `${source.name} / ${mutation.name}`;
      let signed: Awaited<ReturnType<typeof sealPdf>> | undefined;
      try {
        signed = await sealPdf(damaged, seal, T.signing);
      } catch (error) {
        if (!(error instanceof SealError)) {
          writeFileSync(join(dir, `crash-${i}.pdf`), damaged);
          throw new Error(`${label}: not a coded error: ${String(error)}`);
        }
        expect({ label, code: error.code }).toEqual({
          label,
          code: expect.stringMatching(/^PDF_(MALFORMED|UNVERIFIABLE|TOO_COMPLEX|PAGE_TOO_SMALL|ENCRYPTED)$/),
        });
        tally.refused++;
        continue;
      }
      const report = await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: justAfterSigning });
      expect({ label, valid: report.valid, problems: report.problems }).toEqual({ label, valid: true, problems: [] });
      tally.sealed++;
    }
    expect(tally.sealed + tally.refused + tally.qpdfRefused).toBe(CASES);
    // Most damage is repairable: a run that seals nothing means the reader regressed.
    expect(tally.sealed).toBeGreaterThan(tally.refused);
  }, 180_000);
});
