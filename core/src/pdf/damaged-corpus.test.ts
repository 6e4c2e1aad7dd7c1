import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SealError } from '../errors';
import { T, world } from '../seal/__tests__/fixtures';
import { verifyPdf } from '../verify';
import { MemoryLedger, sealPdf, testSeal } from '../verify/__tests__/signed-pdf';
import { DAMAGES, XREF_DAMAGES, realProducerFiles } from './__tests__/damage';

/**
 * Real producers' files, damaged the ways readers repair silently, then sealed: each must either be
 * sealed into a file that qpdf checks clean and our verifier accepts, or be refused with a coded
 * error. Defects a reader can repair without losing content must be sealed.
 */
const MUST_SEAL = new Set(Object.keys(DAMAGES).filter((name) => !name.startsWith('truncated')));
const REFUSAL_CODES = ['PDF_MALFORMED', 'PDF_UNVERIFIABLE'];
/** Above this size a file gets only the xref damages: each variant costs a seal, a qpdf run and a verification. */
const FULL_DAMAGE_BYTES = 600_000;

const dir = mkdtempSync(join(tmpdir(), 'eseal-damaged-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function qpdfCheck(pdf: Uint8Array): { status: number | null; output: string } {
  const file = join(dir, 'sealed.pdf');
  writeFileSync(file, pdf);
  const result = spawnSync('qpdf', ['--check', file], { encoding: 'latin1' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// Verified a minute after signing: later, an unanchored signature is INDETERMINATE (its anchoring window has passed).
const justAfterSigning = new Date(T.signing.getTime() + 60_000);

describe('sealing damaged PDFs from real producers', () => {
  const w = world();
  const sources = realProducerFiles();

  it('has real producers to damage', () => {
    expect(sources.length).toBeGreaterThanOrEqual(5);
  });

  it.each(sources.map((s) => [s.name, s] as const))(
    '%s: every damaged variant is sealed and verifies, or is refused with a code',
    async (_name, source) => {
      const seal = await testSeal(w, '12010000009901');
      const ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd);
      const outcomes: string[] = [];
      const damages = Object.entries(DAMAGES).filter(([name]) => source.pdf.length <= FULL_DAMAGE_BYTES || XREF_DAMAGES.includes(name));
      for (const [damageName, damage] of damages) {
        const damaged = damage(source.pdf);
        if (!damaged) continue;
        let signed: Awaited<ReturnType<typeof sealPdf>>;
        try {
          signed = await sealPdf(damaged, seal, T.signing);
        } catch (error) {
          if (!(error instanceof SealError)) throw error;
          outcomes.push(`${damageName}: refused ${error.code} (${error.message})`);
          expect(REFUSAL_CODES).toContain(error.code);
          if (MUST_SEAL.has(damageName))
            throw new Error(`${damageName} was refused: ${error.code} ${error.message} ${JSON.stringify(error.details)}`);
          continue;
        }
        outcomes.push(`${damageName}: sealed${signed.repairs.length ? `, repaired: ${signed.repairs.join('; ')}` : ''}`);
        expect(Buffer.from(signed.pdf.subarray(0, damaged.length)).equals(Buffer.from(damaged))).toBe(true);
        const check = qpdfCheck(signed.pdf);
        expect({ damage: damageName, status: check.status, output: check.status === 0 ? '' : check.output }).toEqual({
          damage: damageName,
          status: 0,
          output: '',
        });
        const report = await verifyPdf(signed.pdf, { trust: w.trust, ledger, now: justAfterSigning });
        expect({ damage: damageName, valid: report.valid, problems: report.problems }).toEqual({
          damage: damageName,
          valid: true,
          problems: [],
        });
      }
      expect(outcomes.length).toBeGreaterThan(0);
    },
  );
});
