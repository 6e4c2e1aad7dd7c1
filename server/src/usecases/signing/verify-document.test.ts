import { SealError, type VerificationLedger } from '@eseal/core';
import { minimalPdf } from '../../../../core/src/pdf/__tests__/helpers';
import { T, world } from '../../../../core/src/seal/__tests__/fixtures';
import { MemoryLedger, sealPdf, testSeal } from '../../../../core/src/verify/__tests__/signed-pdf';
import type { Caller } from '../../access';
import { DEFAULT_SIGNING_SETTINGS } from './signing-deps';
import { verifyDocument } from './verify-document';

const auditor: Caller = { id: 'acct_auditor', kind: 'person', roles: ['AUDITOR'] };

describe('verifyDocument', () => {
  const w = world();
  const deps = (ledger: VerificationLedger) => ({
    trust: w.trust,
    ledger,
    settings: DEFAULT_SIGNING_SETTINGS,
    clock: () => new Date(T.signing.getTime() + 60_000),
  });

  it('answers INDETERMINATE, not an error, when the ledger cannot be reached', async () => {
    const seal = await testSeal(w, '12010000009901');
    const signed = await sealPdf(minimalPdf(), seal, T.signing);
    const down: VerificationLedger = {
      findSeal: async () => {
        throw new SealError('LEDGER_UNAVAILABLE', 'peer unreachable');
      },
      findSignature: async () => {
        throw new SealError('LEDGER_UNAVAILABLE', 'peer unreachable');
      },
    };
    const report = await verifyDocument(deps(down), auditor, signed.pdf);
    expect(report).toMatchObject({ verdict: 'INDETERMINATE', valid: false, modified: false, ledgerUnavailable: 'peer unreachable' });
    // The same file with the ledger answering is judged on the ledger's facts.
    const up = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd, seal.der);
    const answered = await verifyDocument(deps(up), auditor, signed.pdf);
    expect(answered.ledgerUnavailable).toBeUndefined();
    expect(answered.verdict).not.toBe('INDETERMINATE');
  });

  it('still fails on other errors', async () => {
    const broken: VerificationLedger = {
      findSeal: async () => {
        throw new SealError('INTERNAL', 'bug');
      },
      findSignature: async () => undefined,
    };
    const seal = await testSeal(w, '12010000009902');
    const signed = await sealPdf(minimalPdf(), seal, T.signing);
    await expect(verifyDocument(deps(broken), auditor, signed.pdf)).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
